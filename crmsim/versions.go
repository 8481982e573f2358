package crmsim

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// apiVersion is the /crm/vN[.M]/ segment a request came in on. Handlers
// are written once, against the v2 paths; what differs between versions
// is asked of the request's apiVersion (versionOf), so every version rule
// reads as one method here.
type apiVersion struct{ major, minor int }

// knownVersions are the versions Zoho serves: v2, v2.1, then v3 to v8.
var knownVersions = []apiVersion{{2, 0}, {2, 1}, {3, 0}, {4, 0}, {5, 0}, {6, 0}, {7, 0}, {8, 0}}

// parseAPIVersion reads "v2", "v2.1", "v8"; ok is false for a version
// Zoho does not serve (v1, v9, v2.2, vx).
func parseAPIVersion(seg string) (apiVersion, bool) {
	num, ok := strings.CutPrefix(seg, "v")
	if !ok {
		return apiVersion{}, false
	}
	majS, minS, hasMinor := strings.Cut(num, ".")
	maj, err := strconv.Atoi(majS)
	if err != nil || majS != strconv.Itoa(maj) {
		return apiVersion{}, false
	}
	v := apiVersion{major: maj}
	if hasMinor {
		if v.minor, err = strconv.Atoi(minS); err != nil || minS != strconv.Itoa(v.minor) || v.minor == 0 {
			return apiVersion{}, false
		}
	}
	for _, k := range knownVersions {
		if k == v {
			return v, true
		}
	}
	return apiVersion{}, false
}

func (v apiVersion) String() string {
	if v.minor != 0 {
		return fmt.Sprintf("v%d.%d", v.major, v.minor)
	}
	return fmt.Sprintf("v%d", v.major)
}

// atLeast reports whether v is major.minor or later.
func (v apiVersion) atLeast(major, minor int) bool {
	return v.major > major || (v.major == major && v.minor >= minor)
}

// hasRecordCount: GET /{module}/actions/count came with v2.1 (Zoho's v2.1
// SDKs are the first with RecordCountParam).
func (v apiVersion) hasRecordCount() bool { return v.atLeast(2, 1) }

// tagsInBody: v8.0/tags.json takes add_tags/remove_tags as a JSON body
// and answers tag objects; v2's docs take tag_names in the query. Zoho
// does not say which version between changed it; the emulator takes v3.
func (v apiVersion) tagsInBody() bool { return v.atLeast(3, 0) }

type versionKey struct{}

// withVersion returns r carrying v for versionOf.
func withVersion(r *http.Request, v apiVersion) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), versionKey{}, v))
}

// versionOf is the API version r came in on; v2 for requests that carry
// none (control endpoints, tests calling handlers directly).
func versionOf(r *http.Request) apiVersion {
	if v, ok := r.Context().Value(versionKey{}).(apiVersion); ok {
		return v
	}
	return apiVersion{2, 0}
}
