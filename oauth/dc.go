package oauth

import (
	"fmt"
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
