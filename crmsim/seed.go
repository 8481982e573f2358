package crmsim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// SeedCounts says how many demo records Seed creates per module.
type SeedCounts struct {
	Leads, Contacts, Accounts, Deals int
	// DuplicateContacts are extra contacts that repeat a seeded one (see
	// seedDuplicates), for clean-up scripts to find.
	DuplicateContacts int
}

// DefaultSeed is the demo org: enough Leads that the 2,000-record paging
// wall is real, and a few duplicate contacts.
var DefaultSeed = SeedCounts{Leads: 5000, Contacts: 1000, Accounts: 300, Deals: 800, DuplicateContacts: 6}

// seedEpoch is when the demo org's first record was created.
var seedEpoch = time.Date(2024, 1, 2, 9, 0, 0, 0, time.UTC)

const zohoTime = "2006-01-02T15:04:05-07:00"

var (
	firstNames = []string{"Aarav", "Beatriz", "Chen", "Dmitri", "Elena", "Farah", "Gustavo", "Hana", "Ishaan", "Jonas",
		"Kavya", "Liam", "Mei", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomoko", "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe"}
	lastNames = []string{"Abbott", "Baptiste", "Castillo", "Dubois", "Eriksen", "Fujita", "Gallagher", "Haddad", "Iyer", "Jansen",
		"Kowalski", "Lindqvist", "Moreau", "Nakamura", "O'Brien", "Petrov", "Quiroga", "Rahman", "Schmidt", "Tanaka", "Urban", "Varga", "Wójcik", "Xu", "Yilmaz", "Zimmermann"}
	companies = []string{"Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Wonka", "Tyrell", "Cyberdyne", "Soylent",
		"Hooli", "Vandelay", "Pied Piper", "Massive Dynamic", "Aperture", "Gringotts", "Oscorp", "Monarch", "Duff", "Nakatomi"}
	suffixes     = []string{"Inc", "LLC", "GmbH", "Ltd", "SA", "Corp"}
	industries   = []string{"Technology", "Manufacturing", "Healthcare", "Retail", "Finance", "Education", "Logistics", "Energy"}
	leadSources  = []string{"Web Download", "Cold Call", "Trade Show", "Partner", "Advertisement", "Seminar", "Chat", "External Referral"}
	leadStatuses = []string{"Not Contacted", "Attempted to Contact", "Contact in Future", "Contacted", "Junk Lead", "Lost Lead", "Pre-Qualified"}
	ratings      = []string{"Acquired", "Active", "Market Failed", "Project Cancelled", "Shut Down"}
	titles       = []string{"CEO", "CTO", "VP Sales", "Head of Operations", "Procurement Manager", "IT Director", "Analyst", "Founder"}
	cities       = []struct{ city, state, country string }{{"Austin", "TX", "United States"}, {"Chennai", "TN", "India"}, {"Lyon", "ARA", "France"},
		{"Osaka", "Osaka", "Japan"}, {"Toronto", "ON", "Canada"}, {"Melbourne", "VIC", "Australia"}, {"Munich", "BY", "Germany"}, {"Leeds", "ENG", "United Kingdom"}}
	stages = []string{"Qualification", "Needs Analysis", "Value Proposition", "Id. Decision Makers", "Proposal/Price Quote", "Negotiation/Review", "Closed Won", "Closed Lost"}
)

// Seed fills the emulator with the demo org: users, module metadata and
// records. The same counts always give the same data, so tests can derive
// expectations from the emulator and users can compare runs.
func (s *Server) Seed(n SeedCounts) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.crm
	c.users = []*crmUser{
		{id: c.newID(), email: "admin@zylker.example", fullName: "Patricia Boyle", role: "CEO", profile: "Administrator", active: true},
		{id: c.newID(), email: "ravi@zylker.example", fullName: "Ravi Menon", role: "Manager", profile: "Standard", active: true},
		{id: c.newID(), email: "ana@zylker.example", fullName: "Ana Souza", role: "Sales Rep", profile: "Standard", active: true},
		{id: c.newID(), email: "kenji@zylker.example", fullName: "Kenji Mori", role: "Sales Rep", profile: "Standard", active: true},
		{id: c.newID(), email: "lena@zylker.example", fullName: "Lena Fischer", role: "Sales Rep", profile: "Standard", active: false},
	}
	for _, m := range standardModules() {
		if c.module(m.APIName) == nil {
			c.addModule(m)
		}
	}
	rng := rand.New(rand.NewPCG(2024, 5725767))
	clock := seedEpoch
	tick := func() string {
		clock = clock.Add(time.Duration(7+rng.IntN(50)) * time.Minute)
		return clock.Format(zohoTime)
	}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	activeUsers := c.users[:4]
	owner := func() *crmUser { return activeUsers[rng.IntN(len(activeUsers))] }
	stamp := func(r record) record {
		t := tick()
		o := owner()
		r["id"] = c.newID()
		r["Owner"] = o.ref()
		r["Created_Time"], r["Modified_Time"] = t, t
		r["Created_By"], r["Modified_By"] = o.ref(), o.ref()
		r["Tag"] = []any{}
		return r
	}
	person := func() (first, last string) { return pick(firstNames), pick(lastNames) }
	email := func(first, last, domain string, i int) string {
		clean := strings.NewReplacer("'", "", "ó", "o", "ö", "o").Replace(strings.ToLower(first + "." + last))
		return fmt.Sprintf("%s%d@%s", clean, i, domain)
	}
	domainOf := func(company string) string { return strings.ToLower(strings.ReplaceAll(company, " ", "")) + ".example" }

	accounts := c.module("Accounts")
	for i := 0; i < n.Accounts; i++ {
		co := pick(companies) + " " + pick(suffixes)
		if i >= len(companies)*len(suffixes) {
			co = fmt.Sprintf("%s %d", co, i)
		}
		loc := cities[rng.IntN(len(cities))]
		accounts.insert(stamp(record{
			"Account_Name": co, "Industry": pick(industries), "Phone": fmt.Sprintf("+1 555 %04d", rng.IntN(10000)),
			"Website": "https://" + domainOf(co), "Annual_Revenue": 100000 * (1 + rng.IntN(500)),
			"Employees": 10 * (1 + rng.IntN(300)), "Billing_City": loc.city, "Billing_State": loc.state, "Billing_Country": loc.country,
			"Rating": pick(ratings), "Description": nil,
		}))
	}
	contacts := c.module("Contacts")
	for i := 0; i < n.Contacts; i++ {
		first, last := person()
		acct := accounts.records[rng.IntN(max(1, len(accounts.records)))]
		loc := cities[rng.IntN(len(cities))]
		contacts.insert(stamp(record{
			"First_Name": first, "Last_Name": last, "Full_Name": first + " " + last,
			"Email": email(first, last, domainOf(acct["Account_Name"].(string)), i), "Phone": fmt.Sprintf("+1 555 %04d", rng.IntN(10000)),
			"Title": pick(titles), "Account_Name": map[string]any{"name": acct["Account_Name"], "id": acct["id"]},
			"Mailing_City": loc.city, "Mailing_State": loc.state, "Mailing_Country": loc.country, "Lead_Source": pick(leadSources),
			"Description": nil,
		}))
	}
	deals := c.module("Deals")
	for i := 0; i < n.Deals; i++ {
		acct := accounts.records[rng.IntN(max(1, len(accounts.records)))]
		con := contacts.records[rng.IntN(max(1, len(contacts.records)))]
		deals.insert(stamp(record{
			"Deal_Name": fmt.Sprintf("%s - %s", acct["Account_Name"], pick([]string{"Renewal", "Expansion", "Pilot", "New Logo"})),
			"Amount":    500 * (1 + rng.IntN(400)), "Stage": pick(stages), "Probability": 10 * rng.IntN(11),
			"Closing_Date": seedEpoch.AddDate(0, 0, rng.IntN(700)).Format("2006-01-02"),
			"Account_Name": map[string]any{"name": acct["Account_Name"], "id": acct["id"]},
			"Contact_Name": map[string]any{"name": con["Full_Name"], "id": con["id"]},
			"Lead_Source":  pick(leadSources), "Description": nil,
		}))
	}
	leads := c.module("Leads")
	// Lena Fischer left with leads still in her name, as people do, for
	// routing scripts to find: every 500th lead, from the first, drawing
	// nothing from rng so that the rest of the org is the same.
	departed := c.users[4]
	for i := 0; i < n.Leads; i++ {
		first, last := person()
		co := pick(companies) + " " + pick(suffixes)
		loc := cities[rng.IntN(len(cities))]
		lead := stamp(record{
			"First_Name": first, "Last_Name": last, "Full_Name": first + " " + last,
			"Email": email(first, last, domainOf(co), i), "Phone": fmt.Sprintf("+1 555 %04d", rng.IntN(10000)),
			"Mobile": fmt.Sprintf("+1 556 %04d", rng.IntN(10000)), "Company": co, "Designation": pick(titles),
			"Lead_Source": pick(leadSources), "Lead_Status": pick(leadStatuses), "Industry": pick(industries),
			"Annual_Revenue": 50000 * (1 + rng.IntN(400)), "No_of_Employees": 5 * (1 + rng.IntN(400)),
			"City": loc.city, "State": loc.state, "Country": loc.country, "Rating": pick(ratings),
			"Website": "https://" + domainOf(co), "Description": nil, "$converted": false, "$approved": true,
		})
		if i%500 == 0 {
			lead["Owner"] = departed.ref()
		}
		leads.insert(lead)
	}
	seedDuplicates(c, contacts, n.DuplicateContacts, clock)
}

// seedDuplicates adds n contacts that repeat seeded ones the way people
// enter a contact twice, created after everything else. They draw nothing
// from the seed's random stream, so the rest of the org is the same with
// or without them. Duplicate k repeats contact 37k+11 (the last two
// repeat the same one, a triple):
//   - k%3 == 0: the email in capitals and the phone punctuated differently;
//   - k%3 == 1: another email, the same name and the phone's digits;
//   - k%3 == 2: the email with a capital and the domain in capitals, no phone.
func seedDuplicates(c *crmState, contacts *moduleSpec, n int, clock time.Time) {
	for k := 0; k < n && len(contacts.records) > 0; k++ {
		idx := 37*k + 11
		if k == n-1 && k > 0 {
			idx = 37*(k-1) + 11
		}
		orig := contacts.records[idx%len(contacts.records)]
		dup := record{}
		for f, v := range orig {
			dup[f] = v
		}
		email, _ := orig["Email"].(string)
		phone, _ := orig["Phone"].(string)
		switch k % 3 {
		case 0:
			dup["Email"] = strings.ToUpper(email)
			dup["Phone"] = strings.ReplaceAll(phone, " ", "-")
		case 1:
			dup["Email"] = strings.ToLower(strings.ReplaceAll(orig["Full_Name"].(string), " ", ".")) + ".home@mail.example"
			dup["Phone"] = strings.Replace(phone, " 555 ", " (555) ", 1)
		case 2:
			local, domain, _ := strings.Cut(email, "@")
			dup["Email"] = strings.ToUpper(local[:1]) + local[1:] + "@" + strings.ToUpper(domain)
			dup["Phone"] = nil
		}
		clock = clock.Add(time.Duration(13+k) * time.Minute)
		t := clock.Format(zohoTime)
		dup["id"] = c.newID()
		dup["Created_Time"], dup["Modified_Time"] = t, t
		dup["Tag"] = []any{}
		contacts.insert(dup)
	}
}

// standardModules is the metadata of the modules the emulator serves.
func standardModules() []*moduleSpec {
	common := []fieldSpec{
		{APIName: "id", Label: "Record Id", DataType: "bigint"},
		{APIName: "Owner", Label: "Owner", DataType: "ownerlookup"},
		{APIName: "Created_Time", Label: "Created Time", DataType: "datetime"},
		{APIName: "Modified_Time", Label: "Modified Time", DataType: "datetime"},
		{APIName: "Created_By", Label: "Created By", DataType: "ownerlookup"},
		{APIName: "Modified_By", Label: "Modified By", DataType: "ownerlookup"},
		{APIName: "Tag", Label: "Tag", DataType: "text"},
		{APIName: "Description", Label: "Description", DataType: "textarea"},
	}
	with := func(fs ...fieldSpec) []fieldSpec { return append(append([]fieldSpec{}, common...), fs...) }
	return []*moduleSpec{
		{ID: derivedID("module/Leads"), APIName: "Leads", Singular: "Lead", Plural: "Leads", apiSupported: true, Fields: with(
			fieldSpec{APIName: "First_Name", Label: "First Name", DataType: "text"},
			fieldSpec{APIName: "Last_Name", Label: "Last Name", DataType: "text", Mandatory: true},
			fieldSpec{APIName: "Full_Name", Label: "Lead Name", DataType: "text"},
			fieldSpec{APIName: "Email", Label: "Email", DataType: "email", Unique: true},
			fieldSpec{APIName: "Phone", Label: "Phone", DataType: "phone"},
			fieldSpec{APIName: "Mobile", Label: "Mobile", DataType: "phone"},
			fieldSpec{APIName: "Company", Label: "Company", DataType: "text"},
			fieldSpec{APIName: "Designation", Label: "Title", DataType: "text"},
			fieldSpec{APIName: "Lead_Source", Label: "Lead Source", DataType: "picklist"},
			fieldSpec{APIName: "Lead_Status", Label: "Lead Status", DataType: "picklist"},
			fieldSpec{APIName: "Industry", Label: "Industry", DataType: "picklist"},
			fieldSpec{APIName: "Annual_Revenue", Label: "Annual Revenue", DataType: "currency"},
			fieldSpec{APIName: "No_of_Employees", Label: "No. of Employees", DataType: "integer"},
			fieldSpec{APIName: "City", Label: "City", DataType: "text"},
			fieldSpec{APIName: "State", Label: "State", DataType: "text"},
			fieldSpec{APIName: "Country", Label: "Country", DataType: "text"},
			fieldSpec{APIName: "Rating", Label: "Rating", DataType: "picklist"},
			fieldSpec{APIName: "Website", Label: "Website", DataType: "website"},
		)},
		{ID: derivedID("module/Contacts"), APIName: "Contacts", Singular: "Contact", Plural: "Contacts", apiSupported: true, Fields: with(
			fieldSpec{APIName: "First_Name", Label: "First Name", DataType: "text"},
			fieldSpec{APIName: "Last_Name", Label: "Last Name", DataType: "text", Mandatory: true},
			fieldSpec{APIName: "Full_Name", Label: "Contact Name", DataType: "text"},
			fieldSpec{APIName: "Email", Label: "Email", DataType: "email", Unique: true},
			fieldSpec{APIName: "Phone", Label: "Phone", DataType: "phone"},
			fieldSpec{APIName: "Title", Label: "Title", DataType: "text"},
			fieldSpec{APIName: "Account_Name", Label: "Account Name", DataType: "lookup"},
			fieldSpec{APIName: "Mailing_City", Label: "Mailing City", DataType: "text"},
			fieldSpec{APIName: "Mailing_State", Label: "Mailing State", DataType: "text"},
			fieldSpec{APIName: "Mailing_Country", Label: "Mailing Country", DataType: "text"},
			fieldSpec{APIName: "Lead_Source", Label: "Lead Source", DataType: "picklist"},
		)},
		{ID: derivedID("module/Accounts"), APIName: "Accounts", Singular: "Account", Plural: "Accounts", apiSupported: true, Fields: with(
			fieldSpec{APIName: "Account_Name", Label: "Account Name", DataType: "text", Mandatory: true, Unique: true},
			fieldSpec{APIName: "Industry", Label: "Industry", DataType: "picklist"},
			fieldSpec{APIName: "Phone", Label: "Phone", DataType: "phone"},
			fieldSpec{APIName: "Website", Label: "Website", DataType: "website"},
			fieldSpec{APIName: "Annual_Revenue", Label: "Annual Revenue", DataType: "currency"},
			fieldSpec{APIName: "Employees", Label: "Employees", DataType: "integer"},
			fieldSpec{APIName: "Billing_City", Label: "Billing City", DataType: "text"},
			fieldSpec{APIName: "Billing_State", Label: "Billing State", DataType: "text"},
			fieldSpec{APIName: "Billing_Country", Label: "Billing Country", DataType: "text"},
			fieldSpec{APIName: "Rating", Label: "Rating", DataType: "picklist"},
		)},
		{ID: derivedID("module/Deals"), APIName: "Deals", Singular: "Deal", Plural: "Deals", apiSupported: true, Fields: with(
			fieldSpec{APIName: "Deal_Name", Label: "Deal Name", DataType: "text", Mandatory: true},
			fieldSpec{APIName: "Amount", Label: "Amount", DataType: "currency"},
			fieldSpec{APIName: "Stage", Label: "Stage", DataType: "picklist", Mandatory: true},
			fieldSpec{APIName: "Probability", Label: "Probability (%)", DataType: "integer"},
			fieldSpec{APIName: "Closing_Date", Label: "Closing Date", DataType: "date", Mandatory: true},
			fieldSpec{APIName: "Account_Name", Label: "Account Name", DataType: "lookup"},
			fieldSpec{APIName: "Contact_Name", Label: "Contact Name", DataType: "lookup"},
			fieldSpec{APIName: "Lead_Source", Label: "Lead Source", DataType: "picklist"},
		)},
		{ID: derivedID("module/Tasks"), APIName: "Tasks", Singular: "Task", Plural: "Tasks", apiSupported: true, Fields: with(
			fieldSpec{APIName: "Subject", Label: "Subject", DataType: "text", Mandatory: true},
			fieldSpec{APIName: "Due_Date", Label: "Due Date", DataType: "date"},
			fieldSpec{APIName: "Status", Label: "Status", DataType: "picklist"},
			fieldSpec{APIName: "Priority", Label: "Priority", DataType: "picklist"},
			fieldSpec{APIName: "What_Id", Label: "Related To", DataType: "lookup"},
			fieldSpec{APIName: "$se_module", Label: "Related Module", DataType: "text"},
		)},
		{ID: derivedID("module/Notes"), APIName: "Notes", Singular: "Note", Plural: "Notes", apiSupported: true, Fields: with(
			fieldSpec{APIName: "Note_Title", Label: "Note Title", DataType: "text"},
			fieldSpec{APIName: "Note_Content", Label: "Note Content", DataType: "textarea", Mandatory: true},
			fieldSpec{APIName: "Parent_Id", Label: "Parent Id", DataType: "lookup"},
			fieldSpec{APIName: "$se_module", Label: "Related Module", DataType: "text"},
		)},
	}
}
