package oauth

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
)

// DataCentre is one Zoho data centre's hosts. The accounts host and the API
// host must each be looked up: in Canada they do not even share a TLD.
type DataCentre struct {
	Name        string
	AccountsURL string
	APIDomain   string
}

var dataCentres = []DataCentre{
	{"us", "https://accounts.zoho.com", "https://www.zohoapis.com"},
	{"eu", "https://accounts.zoho.eu", "https://www.zohoapis.eu"},
	{"in", "https://accounts.zoho.in", "https://www.zohoapis.in"},
	{"au", "https://accounts.zoho.com.au", "https://www.zohoapis.com.au"},
	{"cn", "https://accounts.zoho.com.cn", "https://www.zohoapis.com.cn"},
	{"jp", "https://accounts.zoho.jp", "https://www.zohoapis.jp"},
	{"ca", "https://accounts.zohocloud.ca", "https://www.zohoapis.ca"},
}

// LookupDataCentre finds a data centre by its short name (us, eu, in, au,
// cn, jp, ca), case-insensitively.
func LookupDataCentre(name string) (DataCentre, error) {
	i := slices.IndexFunc(dataCentres, func(d DataCentre) bool { return strings.EqualFold(d.Name, name) })
	if i < 0 {
		names := make([]string, len(dataCentres))
		for j, d := range dataCentres {
			names[j] = d.Name
		}
		return DataCentre{}, fmt.Errorf("unknown data centre %q (one of %s)", name, strings.Join(names, ", "))
	}
	return dataCentres[i], nil
}

// CheckAPIDomain refuses an api_domain, as stored beside a user's tokens,
// that the access token must not be sent to. Whoever can edit the token
// store could otherwise point it anywhere. Accepted are https URLs (no
// port, path or credentials) on a host under zohoapis.<TLD> for a data
// centre's TLD (www., sandbox., developer. and the like), and a loopback
// URL when accountsURL is on loopback too: an emulator's tokens, minted on
// this machine, may go to it (tests put proxies in front of either side),
// while tokens from Zoho's accounts servers never go to loopback.
func CheckAPIDomain(domain, accountsURL string) error {
	refuse := func(why string) error {
		return fmt.Errorf("the api_domain %q stored with the tokens %s, so the access token is not sent there; "+
			"authorise the user again (auth grant or import), or set [api] url", domain, why)
	}
	u, err := url.Parse(domain)
	if err != nil || u.Host == "" {
		return refuse("is not a URL")
	}
	if isLoopback(u.Hostname()) {
		if a, err := url.Parse(accountsURL); err == nil && isLoopback(a.Hostname()) && strings.Trim(u.Path, "/") == "" {
			return nil
		}
		return refuse("is on loopback, where only an emulator's tokens may go")
	}
	if u.Scheme != "https" || u.User != nil || u.Port() != "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" {
		return refuse("is not a plain https:// URL")
	}
	host := strings.ToLower(u.Hostname())
	for _, d := range dataCentres {
		suffix := "zohoapis." + strings.TrimPrefix(d.APIDomain, "https://www.zohoapis.")
		if host == suffix || strings.HasSuffix(host, "."+suffix) {
			return nil
		}
	}
	return refuse("is not on a Zoho API domain (zohoapis.com, .eu, .in, .com.au, .com.cn, .jp, .ca)")
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
