package crmsim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/zcrmrun/zcrmrun/atomicfile"
)

// File names StartTLS uses inside its certificate directory.
const (
	CACertFileName = "crmsim-ca.pem"     // the CA certificate clients trust
	caKeyFileName  = "crmsim-ca-key.pem" // its key, so a restart keeps the same CA
)

// loopbackIPs are the addresses the emulator's certificates are valid for.
var loopbackIPs = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}

// StartTLS is Start over HTTPS. It keeps a private CA in certDir (created
// on first use, reused after), issues a fresh leaf certificate for
// 127.0.0.1, ::1, localhost and the address actually bound (for 0.0.0.0
// or ::, that address and every address of the machine's interfaces), and
// serves with it. Clients trust the CA by loading CACertFile
// (NODE_EXTRA_CA_CERTS, curl --cacert, …).
//
// The CA is name-constrained to those addresses and localhost, so even a
// CA file someone adds to a system trust store cannot vouch for any other
// host.
func (s *Server) StartTLS(addr, certDir string) error {
	// Absolute, since clients are handed CACertFile and may run elsewhere.
	certDir, err := filepath.Abs(certDir)
	if err != nil {
		return fmt.Errorf("crmsim tls: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	ips := certIPs(ln.Addr().(*net.TCPAddr).IP)
	ca, caKey, err := loadOrCreateCA(certDir, ips)
	if err == nil {
		var leaf tls.Certificate
		if leaf, err = issueLeaf(ca, caKey, ips); err == nil {
			s.caFile = filepath.Join(certDir, CACertFileName)
			tl := tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{leaf}, MinVersion: tls.VersionTLS12})
			s.serve(tl, "https://"+ln.Addr().String())
			return nil
		}
	}
	ln.Close()
	return fmt.Errorf("crmsim tls: %w", err)
}

// certIPs are the addresses a certificate for a listener bound to ip must
// name: loopback always, ip itself, and for an unspecified ip the
// interfaces' addresses, where remote clients reach it.
func certIPs(ip net.IP) []net.IP {
	ips := slices.Clone(loopbackIPs)
	add := func(ip net.IP) {
		if !slices.ContainsFunc(ips, ip.Equal) {
			ips = append(ips, ip)
		}
	}
	add(ip)
	if ip.IsUnspecified() {
		addrs, _ := net.InterfaceAddrs() // without them, the bound address still serves
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLinkLocalUnicast() {
				add(n.IP)
			}
		}
	}
	return ips
}

// ipRanges are single-address ranges, for a CA's name constraints.
func ipRanges(ips []net.IP) []*net.IPNet {
	out := make([]*net.IPNet, len(ips))
	for i, ip := range ips {
		if v4 := ip.To4(); v4 != nil {
			out[i] = &net.IPNet{IP: v4, Mask: net.CIDRMask(32, 32)}
		} else {
			out[i] = &net.IPNet{IP: ip, Mask: net.CIDRMask(128, 128)}
		}
	}
	return out
}

// permits reports whether ca's name constraints allow every one of ips.
func permits(ca *x509.Certificate, ips []net.IP) bool {
	for _, ip := range ips {
		if !slices.ContainsFunc(ca.PermittedIPRanges, func(n *net.IPNet) bool { return n.Contains(ip) }) {
			return false
		}
	}
	return true
}

// CACertFile is the PEM file (an absolute path) of the CA behind
// StartTLS's certificate, or "" when serving plain HTTP.
func (s *Server) CACertFile() string { return s.caFile }

// loadOrCreateCA loads the CA in dir, or makes one constrained to ips and
// localhost. A CA made for other addresses is an error naming its file:
// replacing it silently would break clients that trust it.
func loadOrCreateCA(dir string, ips []net.IP) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	certPath, keyPath := filepath.Join(dir, CACertFileName), filepath.Join(dir, caKeyFileName)
	if ca, key, err := loadCA(certPath, keyPath); err == nil {
		if !permits(ca, ips) {
			return nil, nil, fmt.Errorf("%s was made for other addresses than %v; delete it and %s to make a new CA", certPath, ips, keyPath)
		}
		return ca, key, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:                serial(),
		Subject:                     pkix.Name{Organization: []string{"zcrmrun"}, CommonName: "crmsim loopback CA"},
		NotBefore:                   now.Add(-time.Hour),
		NotAfter:                    now.AddDate(10, 0, 0),
		KeyUsage:                    x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid:       true,
		IsCA:                        true,
		MaxPathLenZero:              true,
		PermittedDNSDomainsCritical: true,
		PermittedDNSDomains:         []string{"localhost"},
		PermittedIPRanges:           ipRanges(ips),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	ca, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	if err := atomicfile.Write(keyPath, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return nil, nil, err
	}
	if err := atomicfile.Write(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		return nil, nil, err
	}
	return ca, key, nil
}

// loadCA reads a CA written by loadOrCreateCA. A missing file is
// os.ErrNotExist (make a new CA); a damaged or expired one is an error
// naming the file, since silently replacing it would break clients that
// already trust it.
func loadCA(certPath, keyPath string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	certPEM, err := os.ReadFile(certPath)
	if err != nil {
		return nil, nil, err
	}
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, nil, err
	}
	cb, _ := pem.Decode(certPEM)
	kb, _ := pem.Decode(keyPEM)
	if cb == nil || kb == nil {
		return nil, nil, fmt.Errorf("%s or %s is not PEM; delete both to make a new CA", certPath, keyPath)
	}
	ca, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", certPath, err)
	}
	key, err := x509.ParseECPrivateKey(kb.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", keyPath, err)
	}
	if time.Now().After(ca.NotAfter) {
		return nil, nil, fmt.Errorf("%s expired on %s; delete it and %s to make a new CA", certPath, ca.NotAfter.Format(time.DateOnly), keyPath)
	}
	return ca, key, nil
}

// issueLeaf makes a short-lived server certificate for localhost and ips.
func issueLeaf(ca *x509.Certificate, caKey *ecdsa.PrivateKey, ips []net.IP) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{Organization: []string{"zcrmrun"}, CommonName: "127.0.0.1"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.AddDate(1, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     []string{"localhost"},
		IPAddresses:  ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der, ca.Raw}, PrivateKey: key}, nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
	return n
}
