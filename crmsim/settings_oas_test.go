package crmsim_test

import (
	"net/http"
	"testing"

	"github.com/zcrmrun/zcrmrun/crmsim"
)

// The keys of a user in GET /users: the properties of the "users" schema
// in Zoho's OpenAPI file v8.0/users.json (github.com/zoho/crm-oas).
var oasUserKeys = []string{"$current_shift", "$next_shift", "$shift_effective_from", "Currency", "Isonline", "Modified_By",
	"Modified_Time", "Reporting_To", "alias", "category", "city", "confirm", "country", "country_locale", "created_by",
	"created_time", "customize_info", "date_format", "decimal_separator", "default_tab_group", "dob", "email", "fax",
	"first_name", "full_name", "id", "language", "last_name", "locale", "microsoft", "mobile", "name_format__s",
	"number_separator", "offset", "personal_account", "phone", "profile", "role", "sandboxDeveloper", "signature",
	"sort_order_preference__s", "state", "status", "status_reason__s", "street", "theme", "time_format", "time_zone",
	"website", "zip", "zuid"}

// The keys v8.0/org.json's Org schema requires, and those of its
// License_Details.
var (
	oasOrgKeys = []string{"country", "photo_id", "city", "description", "mc_status", "gapps_enabled", "translation_enabled",
		"street", "domain_name", "alias", "currency", "id", "state", "fax", "zip", "currency_symbol", "mobile",
		"currency_locale", "primary_zuid", "zia_portal_id", "time_zone", "zgid", "country_code", "deletable_org_account",
		"license_details", "hierarchy_preferences", "phone", "company_name", "privacy_settings", "primary_email", "iso_code",
		"hipaa_compliance_enabled", "lite_users_enabled", "max_per_page", "ezgid", "call_icon", "oauth_presence", "zia_zgid",
		"checkin_preferences"}
	oasLicenseKeys = []string{"paid_expiry", "users_license_purchased", "trial_type", "trial_expiry", "paid", "paid_type", "trial_action"}
)

func missingKeys(obj map[string]any, keys []string) []string {
	var out []string
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

func TestUsersAndOrgCarryTheKeysZohoDocuments(t *testing.T) {
	a := startSim(t, crmsim.SeedCounts{}, crmsim.Options{Limits: crmsim.Limits{Edition: "free"}})
	users := a.do("GET", "/crm/v8/users?type=AllUsers", "")
	users.want(t, http.StatusOK, "")
	list, _ := users.body["users"].([]any)
	if len(list) == 0 {
		t.Fatalf("no users: %v", users.body)
	}
	for _, u := range list {
		if m := missingKeys(u.(map[string]any), oasUserKeys); len(m) > 0 {
			t.Errorf("user %v lacks %v", u.(map[string]any)["id"], m)
		}
	}
	org := a.do("GET", "/crm/v8/org", "")
	org.want(t, http.StatusOK, "")
	o := org.body["org"].([]any)[0].(map[string]any)
	if m := missingKeys(o, oasOrgKeys); len(m) > 0 {
		t.Errorf("org lacks %v", m)
	}
	lic, _ := o["license_details"].(map[string]any)
	if m := missingKeys(lic, oasLicenseKeys); len(m) > 0 {
		t.Errorf("license_details lacks %v", m)
	}
	if lic["paid"] != false || lic["paid_type"] != "free" {
		t.Errorf("a free edition's license: %v", lic)
	}
}
