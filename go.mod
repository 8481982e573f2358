module github.com/zcrmrun/zcrmrun

go 1.26.8

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/yuin/gopher-lua v1.1.2 // indirect
	golang.org/x/sync v0.25.0 // indirect
)
