package workspace

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore/to"
	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// lockedBuffer is an io.Writer safe for the log sink and the test to share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Secrets the server below hands out; none may reach the log.
const (
	secretPassword   = "P4ssw0rd-never-logged"
	secretPrivateKey = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-never-logged"
	secretAsyncSig   = "c2lnbmVkLWFzeW5jLW9wZXJhdGlvbi1zaWduYXR1cmU"
	secretEchoed     = "echoed-in-an-error-never-logged"
)

func TestLogsAreRedacted(t *testing.T) {
	var srvURL string
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+armPath("/computes/vm1/listKeys"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"computeType":"VirtualMachine","administratorAccount":{"username":"azureuser","password":%q,"privateKeyData":%q}}`,
			secretPassword, secretPrivateKey)
	})
	mux.HandleFunc("POST "+armPath("/computes/ci1/stop"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Azure-AsyncOperation", srvURL+"/subscriptions/"+replaySubscription+
			"/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/1?api-version=2024-04-01&t=1&c=cert&s="+secretAsyncSig+"&h=hash")
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("GET /subscriptions/"+replaySubscription+"/providers/Microsoft.MachineLearningServices/locations/eastus/computeOperationsStatus/1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"Succeeded","percentComplete":100.0}`))
	})
	mux.HandleFunc("PUT "+armPath("/computes/vm2"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"code":"BadRequest","message":"cannot reach the VM","details":[{"code":"Echo","message":"{\"adminUserPassword\":\"x\"}"}]},"adminUserPassword":%q}`, secretEchoed)
	})
	mux.HandleFunc("GET /blob/std_log.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Range", "bytes 0-2/3")
		w.WriteHeader(http.StatusPartialContent)
		_, _ = w.Write([]byte("hi\n"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	srvURL = srv.URL

	var log lockedBuffer
	c, err := New(replayConfig(srv.URL, testRG, testWS), &replayCredential{}, Options{LogWriter: &log, PollInterval: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	keys, err := c.ListKeys(ctx, "vm1")
	if err != nil {
		t.Fatal(err)
	}
	vm, ok := keys.(*armmachinelearning.VirtualMachineSecrets)
	if !ok || *vm.AdministratorAccount.Password != secretPassword {
		t.Fatalf("listKeys = %#v", keys)
	}
	stop, err := c.StopCompute(ctx, "ci1")
	if err != nil {
		t.Fatal(err)
	}
	if err := stop.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	attach := armmachinelearning.ComputeResource{Properties: &armmachinelearning.VirtualMachine{
		ComputeType: to.Ptr(armmachinelearning.ComputeTypeVirtualMachine),
		Properties: &armmachinelearning.VirtualMachineSchemaProperties{AdministratorAccount: &armmachinelearning.VirtualMachineSSHCredentials{
			Username: to.Ptr("azureuser"), Password: to.Ptr(secretPassword), PrivateKeyData: to.Ptr(secretPrivateKey)}},
	}}
	if _, err := c.CreateCompute(ctx, "vm2", attach); err == nil {
		t.Fatal("the failing attach succeeded")
	}
	if _, _, err := c.ReadLog(ctx, srv.URL+"/blob/std_log.txt?sv=2019-07-07&se=2099-01-01&sig="+logSig, 0); err != nil {
		t.Fatal(err)
	}
	c.Close()

	out := log.String()
	for _, want := range []string{"listKeys?api-version=2024-04-01", "/computes/ci1/stop", "computeOperationsStatus/1", "std_log.txt", "Authorization: REDACTED", "RESPONSE Status: 206"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q; it shows nothing useful:\n%s", want, out)
		}
	}
	for name, secret := range map[string]string{
		"bearer token":                replayToken,
		"listKeys password":           secretPassword,
		"listKeys private key":        secretPrivateKey,
		"Azure-AsyncOperation s":      secretAsyncSig,
		"SAS sig":                     logSig,
		"secret echoed in an error":   secretEchoed,
		"SAS sig (any value of sig=)": "sig=c2",
	} {
		if strings.Contains(out, secret) {
			t.Errorf("the log contains the %s", name)
		}
	}
	// After Close nothing more is written.
	before := len(log.String())
	c2, err := New(replayConfig(srv.URL, testRG, testWS), &replayCredential{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	_, _ = c2.ListKeys(ctx, "vm1")
	if len(log.String()) != before {
		t.Error("the closed client's log writer still receives azcore's log")
	}
}

func TestRedactSecrets(t *testing.T) {
	for in, want := range map[string]string{
		"   Authorization: Bearer abc.def":                             "   Authorization: REDACTED",
		"token Bearer eyJhbGciOi.x-y_z= done":                          "token Bearer REDACTED done",
		"GET https://a.blob.core.windows.net/c/l?sv=1&sig=abc%2B&se=2": "GET https://a.blob.core.windows.net/c/l?se=REDACTED&sig=REDACTED&sv=REDACTED",
		"https://m.azure.com/x?api-version=2024-04-01&s=sig":           "https://m.azure.com/x?api-version=2024-04-01&s=REDACTED",
		`{"password": "hunter2", "username": "u"}`:                     `{"password": "REDACTED", "username": "u"}`,
		`"databricksAccessToken":"dapi\"123"`:                          `"databricksAccessToken":"REDACTED"`,
		"plain text stays":                                             "plain text stays",
	} {
		if got := redactSecrets(in); got != want {
			t.Errorf("redactSecrets(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLogSurvivesAWorkspaceSwap: the console builds the new workspace's client, then closes
// the old one; the new client's log must keep flowing.
func TestLogSurvivesAWorkspaceSwap(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+armPath("/computes"), func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"value":[]}`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var oldLog, newLog lockedBuffer
	old, err := New(replayConfig(srv.URL, testRG, testWS), &replayCredential{}, Options{LogWriter: &oldLog})
	if err != nil {
		t.Fatal(err)
	}
	current, err := New(replayConfig(srv.URL, testRG, testWS), &replayCredential{}, Options{LogWriter: &newLog})
	if err != nil {
		t.Fatal(err)
	}
	defer current.Close()
	old.Close()
	if _, err := current.ListComputes(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(newLog.String(), "/computes?api-version=2024-04-01") {
		t.Error("the new client's log went silent when the old client closed")
	}
	if oldLog.String() != "" {
		t.Error("the replaced client's writer received the new client's log")
	}
}
