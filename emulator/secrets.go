package emulator

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// Secrets at rest: attach passwords, private keys, Databricks tokens and cluster admin
// passwords are sealed (AES-256-GCM) as soon as a request is accepted, so the state document
// never holds them in clear text and can be shared in a bug report. The key lives in its own
// 0600 file in the data dir; listKeys unseals, GET never does.

const (
	secretKeyFile = "secret.key"
	sealedPrefix  = "sealed:v1:"
)

// loadSecretKey reads the data dir's key, creating it on first use.
func (w *world) loadSecretKey() error {
	path := filepath.Join(w.dataDir, secretKeyFile)
	key, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key = make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return fmt.Errorf("emulator: generating the secret key: %w", err)
		}
		if err := writeFileAtomic(path, key, 0o600); err != nil {
			return err
		}
	} else if err != nil {
		return fmt.Errorf("emulator: reading %s: %w", path, err)
	}
	if len(key) != 32 {
		return fmt.Errorf("emulator: %s is not a 32-byte key; remove it only together with state.json", path)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return fmt.Errorf("emulator: secret key: %w", err)
	}
	w.sealer, err = cipher.NewGCM(block)
	if err != nil {
		return fmt.Errorf("emulator: secret key: %w", err)
	}
	return nil
}

// seal encrypts a secret for storage; "" stays "".
func (w *world) seal(plain string) string {
	if plain == "" || strings.HasPrefix(plain, sealedPrefix) {
		return plain
	}
	nonce := make([]byte, w.sealer.NonceSize())
	_, _ = rand.Read(nonce) // crypto/rand.Read never fails (Go 1.24+)
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(w.sealer.Seal(nonce, nonce, []byte(plain), nil))
}

// unseal decrypts a stored secret for listKeys.
func (w *world) unseal(stored string) (string, error) {
	rest, ok := strings.CutPrefix(stored, sealedPrefix)
	if !ok {
		return stored, nil
	}
	data, err := base64.RawStdEncoding.DecodeString(rest)
	n := w.sealer.NonceSize()
	if err != nil || len(data) < n {
		return "", errors.New("a stored secret is corrupt")
	}
	plain, err := w.sealer.Open(nil, data[:n], data[n:], nil)
	if err != nil {
		return "", errors.New("a stored secret cannot be opened with this data dir's key")
	}
	return string(plain), nil
}

// sealSecrets seals every secret a new compute carries.
func (w *world) sealSecrets(c *compute) {
	if a := c.Attach; a != nil {
		a.DatabricksAccessToken = w.seal(a.DatabricksAccessToken)
		if a.Admin != nil {
			a.Admin.Password, a.Admin.PrivateKeyData = w.seal(a.Admin.Password), w.seal(a.Admin.PrivateKeyData)
		}
	}
	if cl := c.Cluster; cl != nil && cl.Credentials != nil {
		cl.Credentials.AdminUserPassword = w.seal(cl.Credentials.AdminUserPassword)
	}
}

// unsealAll opens several secrets, failing with one ARM error if any cannot be opened.
func (w *world) unsealAll(stored ...*string) *httpError {
	for _, s := range stored {
		plain, err := w.unseal(*s)
		if err != nil {
			return errorf(http.StatusInternalServerError, "InternalServerError", "Reading the compute's keys failed: %v.", err)
		}
		*s = plain
	}
	return nil
}
