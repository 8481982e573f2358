package crmsim

// fieldSettings is a field as /settings/fields shows it (zcrmsdk 1.1.0
// reads it before its first record call on each module, and on every
// lookup's target module, to learn the types it converts with): the metadata
// summary plus what clients dereference unconditionally (a lookup's target
// module, the picklist values list, an id).
func (m *moduleSpec) fieldSettings(f fieldSpec) map[string]any {
	j := f.json()
	j["id"] = derivedID("field/" + m.APIName + "/" + f.APIName)
	j["display_label"] = f.Label
	j["custom_field"] = false
	j["visible"] = true
	j["json_type"] = jsonType(f.DataType)
	j["pick_list_values"] = []any{}
	if f.DataType == "lookup" {
		target := lookupTarget(f.APIName)
		j["lookup"] = map[string]any{"module": target, "display_label": f.Label, "api_name": f.APIName}
	}
	return j
}

// lookupTarget is the module a standard lookup field points at; lookups
// whose module depends on the record (What_Id, Parent_Id) say "se_module",
// as Zoho does.
func lookupTarget(field string) string {
	switch field {
	case "Account_Name":
		return "Accounts"
	case "Contact_Name", "Who_Id":
		return "Contacts"
	case "Deal_Name":
		return "Deals"
	}
	return "se_module"
}

func jsonType(dataType string) string {
	switch dataType {
	case "integer":
		return "integer"
	case "currency", "double", "percent":
		return "double"
	case "boolean":
		return "boolean"
	case "lookup", "ownerlookup":
		return "jsonobject"
	case "multiselectpicklist":
		return "jsonarray"
	}
	return "string"
}
