module github.com/zcrmrun/zcrmrun

go 1.26.8

require (
	filippo.io/edwards25519 v1.2.0 // indirect
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/go-sql-driver/mysql v1.10.1
	github.com/yuin/gopher-lua v1.1.2 // indirect
	golang.org/x/sync v0.25.0 // indirect
)
