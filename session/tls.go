package session

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"

	"github.com/zcrmrun/zcrmrun/config"
)

// WithCAFile trusts the CA certificates in the PEM file path (--ca-file),
// in place of [api] ca_file.
func WithCAFile(path string) Option { return func(s *Session) { s.caFile = path } }

// CheckCAFile reports whether path holds a CA certificate zcrmrun can
// trust, as one line naming the file.
func CheckCAFile(path string) error {
	_, err := trustCA(path)
	return err
}

// tlsConfig is the client TLS configuration of --ca-file or [api] ca_file,
// or nil (the system's roots) when neither is set. A bad file is a
// configuration error naming the flag or the key's line.
func (s *Session) tlsConfig() (*tls.Config, error) {
	if s.caFile != "" {
		c, err := trustCA(s.caFile)
		if err != nil {
			return nil, &config.Error{Msg: "--ca-file " + err.Error()}
		}
		return c, nil
	}
	if s.cfg.API.CAFile == "" {
		return nil, nil
	}
	c, err := trustCA(s.cfg.Resolve(s.cfg.API.CAFile))
	if err != nil {
		return nil, s.cfg.Invalid("api.ca_file", "api.ca_file "+err.Error())
	}
	return c, nil
}

// trustCA is a TLS client configuration that trusts the system's CAs and
// those in caFile, as NODE_EXTRA_CA_CERTS adds to Node's: a file holding a
// private CA (the sandbox's, a company's) then serves beside Zoho's own.
func trustCA(caFile string) (*tls.Config, error) {
	pemBytes, err := os.ReadFile(caFile)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: %w", caFile, err)
	}
	roots, err := x509.SystemCertPool()
	if err != nil || roots == nil {
		roots = x509.NewCertPool()
	}
	if !roots.AppendCertsFromPEM(pemBytes) {
		return nil, fmt.Errorf("%s holds no PEM certificate", caFile)
	}
	return &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}, nil
}

// caHintTransport says what to do about a certificate from an unknown CA,
// which net/http reports in x509's words only.
type caHintTransport struct{ next http.RoundTripper }

func (t caHintTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	var ua x509.UnknownAuthorityError
	if err != nil && errors.As(err, &ua) {
		err = fmt.Errorf("%w (trust the server's CA with [api] ca_file or --ca-file: its PEM file, such as the ca_cert `zcrmrun sandbox --tls` prints)", err)
	}
	return resp, err
}
