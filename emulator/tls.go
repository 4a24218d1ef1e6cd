package emulator

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// selfSignedTLS creates (or reuses) a self-signed certificate for 127.0.0.1, ::1 and
// localhost under dir/tls. The certificate is its own CA: clients trust caFile.
func selfSignedTLS(dir string) (cfg *tls.Config, caFile string, pool *x509.CertPool, err error) {
	tlsDir := filepath.Join(dir, "tls")
	certFile, keyFile := filepath.Join(tlsDir, "ca.pem"), filepath.Join(tlsDir, "key.pem")
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil || certExpiresSoon(cert) {
		if err := writeSelfSigned(tlsDir, certFile, keyFile); err != nil {
			return nil, "", nil, err
		}
		if cert, err = tls.LoadX509KeyPair(certFile, keyFile); err != nil {
			return nil, "", nil, fmt.Errorf("emulator: loading the TLS certificate: %w", err)
		}
	}
	pemBytes, err := os.ReadFile(certFile)
	if err != nil {
		return nil, "", nil, fmt.Errorf("emulator: reading the TLS certificate: %w", err)
	}
	pool = x509.NewCertPool()
	pool.AppendCertsFromPEM(pemBytes)
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, certFile, pool, nil
}

func certExpiresSoon(c tls.Certificate) bool {
	if len(c.Certificate) == 0 {
		return true
	}
	leaf, err := x509.ParseCertificate(c.Certificate[0])
	return err != nil || time.Until(leaf.NotAfter) < 24*time.Hour
}

func writeSelfSigned(tlsDir, certFile, keyFile string) error {
	if err := os.MkdirAll(tlsDir, 0o700); err != nil {
		return fmt.Errorf("emulator: creating %s: %w", tlsDir, err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return fmt.Errorf("emulator: generating a TLS key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return fmt.Errorf("emulator: generating a serial number: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "amlconsole emulator", Organization: []string{"amlconsole"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return fmt.Errorf("emulator: creating the TLS certificate: %w", err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return fmt.Errorf("emulator: encoding the TLS key: %w", err)
	}
	if err := writeFileAtomic(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return err
	}
	return writeFileAtomic(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
}
