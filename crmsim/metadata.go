package crmsim

import (
	"net/http"
)

func (s *Server) routeMetadata(mux *http.ServeMux) {
	mux.HandleFunc("GET /crm/v2/settings/modules", func(w http.ResponseWriter, r *http.Request) {
		s.mu.RLock()
		defer s.mu.RUnlock()
		mods := make([]map[string]any, 0, len(s.crm.modules))
		for _, m := range s.crm.modules {
			mods = append(mods, m.summary())
		}
		writeJSON(w, http.StatusOK, map[string]any{"modules": mods})
	})
	mux.HandleFunc("GET /crm/v2/settings/modules/{api_name}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.RLock()
		defer s.mu.RUnlock()
		m := s.crm.module(r.PathValue("api_name"))
		if m == nil {
			invalidModule(w)
			return
		}
		d := m.summary()
		fields := make([]map[string]any, 0, len(m.Fields))
		for _, f := range m.Fields {
			fields = append(fields, f.json())
		}
		d["fields"] = fields
		writeJSON(w, http.StatusOK, map[string]any{"modules": []any{d}})
	})
}

func (m *moduleSpec) summary() map[string]any {
	return map[string]any{
		"id": m.ID, "api_name": m.APIName, "module_name": m.Plural, "singular_label": m.Singular, "plural_label": m.Plural,
		"api_supported": m.apiSupported, "creatable": true, "editable": true, "deletable": true, "viewable": true,
		"generated_type": "default", "visibility": 1, "convertable": m.APIName == "Leads",
	}
}

func (f fieldSpec) json() map[string]any {
	j := map[string]any{
		"api_name": f.APIName, "field_label": f.Label, "data_type": f.DataType,
		"system_mandatory": f.Mandatory, "read_only": f.APIName == "id",
	}
	if f.Unique {
		j["unique"] = map[string]any{"casesensitive": "false"}
	}
	return j
}
