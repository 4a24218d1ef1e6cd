package emulator

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// defaultPageSize is how many computes one list page holds before nextLink takes over.
const defaultPageSize = 50

// Simulated durations of compute operations (scaled by the speed factor).
const (
	clusterCreateTime  = 10 * time.Second
	instanceCreateTime = 20 * time.Second
	attachTime         = 3 * time.Second
	updateTime         = 3 * time.Second
	deleteTime         = 5 * time.Second
	instanceStartTime  = 8 * time.Second
	instanceStopTime   = 6 * time.Second
	instanceRestart    = 10 * time.Second
	nodeBootTime       = 15 * time.Second
	nodeLeaveTime      = 5 * time.Second
	preemptedLinger    = 10 * time.Second
)

func createTime(computeType string) time.Duration {
	switch computeType {
	case typeAmlCompute:
		return clusterCreateTime
	case typeComputeInstance:
		return instanceCreateTime
	}
	return attachTime
}

// sortedComputes lists the computes by name, so that listing and simulation are deterministic.
func (w *world) sortedComputes() []*compute {
	out := make([]*compute, 0, len(w.computes))
	for _, c := range w.computes {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *compute) int { return strings.Compare(computeKey(a.Name), computeKey(b.Name)) })
	return out
}

// lookupCompute finds the compute of the request's path, answering ARM's 404 otherwise.
func (w *world) lookupCompute(r *http.Request) (*compute, *httpError) {
	if e := w.checkWorkspace(r); e != nil {
		return nil, e
	}
	name := r.PathValue("name")
	c, ok := w.computes[computeKey(name)]
	if !ok {
		return nil, errorf(http.StatusNotFound, "ResourceNotFound",
			"The Resource 'Microsoft.MachineLearningServices/workspaces/%s/computes/%s' under resource group '%s' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix", w.ws, name, w.rg)
	}
	return c, nil
}

// computeHandler answers a request about one existing compute, under the world's lock (route
// it with onFound and lookupCompute).
type computeHandler func(w http.ResponseWriter, r *http.Request, c *compute) *httpError

// checkIdle refuses a change while another operation is changing the compute.
func checkIdle(c *compute) *httpError {
	if c.Op != nil {
		return errorf(http.StatusConflict, "Conflict", "Compute '%s' is busy: a %s operation is in progress. Wait for it to finish and try again.", c.Name, c.Op.Kind)
	}
	return nil
}

func (s *Server) listComputes(w http.ResponseWriter, r *http.Request, sw *world) *httpError {
	skip, e := skipToken(r)
	if e != nil {
		return e
	}
	values, next := offsetPage(sw.sortedComputes(), skip, sw.pageSize(), sw.render)
	writeJSON(w, http.StatusOK, struct {
		Value    []computeBody `json:"value"`
		NextLink string        `json:"nextLink,omitempty"`
	}{Value: values, NextLink: sw.nextLink(r, next)})
	return nil
}

// pageSize is the list page size; tests lower it to exercise nextLink.
func (w *world) pageSize() int {
	if w.listPageSize > 0 {
		return w.listPageSize
	}
	return defaultPageSize
}

func (s *Server) getCompute(w http.ResponseWriter, r *http.Request, c *compute) *httpError {
	writeJSON(w, http.StatusOK, s.world.render(c))
	return nil
}

func (s *Server) deleteCompute(w http.ResponseWriter, r *http.Request, c *compute) *httpError {
	sw := s.world
	action := r.URL.Query().Get("underlyingResourceAction")
	switch {
	case action == "":
		return validationError("underlyingResourceAction", "The query parameter underlyingResourceAction is required: Delete (delete the compute) or Detach (detach an attached compute, keeping the resource).")
	case strings.EqualFold(action, "Delete"):
		if c.isAttached() {
			return validationError("underlyingResourceAction", "Compute '%s' is an attached %s; it can only be detached (underlyingResourceAction=Detach). Detaching keeps %s.", c.Name, c.Type, c.ResourceID)
		}
		action = "delete"
	case strings.EqualFold(action, "Detach"):
		if !c.isAttached() {
			return validationError("underlyingResourceAction", "Compute '%s' is a %s created by Azure Machine Learning; it can only be deleted (underlyingResourceAction=Delete).", c.Name, c.Type)
		}
		action = "detach"
	default:
		return validationError("underlyingResourceAction", "underlyingResourceAction '%s' is not valid: use Delete or Detach.", action)
	}
	if c.ProvisioningState == stateDeleting {
		return errorf(http.StatusConflict, "Conflict", "Compute '%s' is already being deleted.", c.Name)
	}
	if c.Op != nil {
		// A delete supersedes a pending create, update, start or stop, as on the service.
		sw.cancelOperation(c.Op.ID, "The operation was canceled because compute '"+c.Name+"' is being deleted.")
	}
	op := sw.startOperation()
	c.Op = &pendingOp{ID: op.ID, Kind: action, ReadyAt: sw.now().Add(sw.delay(deleteTime))}
	c.ProvisioningState = stateDeleting
	if c.Instance != nil {
		c.Instance.State = ciDeleting
	}
	c.ModifiedOn = sw.now()
	sw.markDirty()
	_ = sw.saveIfDirty()
	s.setAsyncHeaders(w, r, op, true)
	w.WriteHeader(http.StatusAccepted)
	return nil
}

// instanceAction handles POST start, stop and restart of a compute instance.
func (s *Server) instanceAction(action string) computeHandler {
	return func(w http.ResponseWriter, r *http.Request, c *compute) *httpError {
		sw := s.world
		if c.Instance == nil {
			return validationError("computeName", "%s is only supported for compute instances; '%s' is a %s.", action, c.Name, c.Type)
		}
		if e := checkIdle(c); e != nil {
			return e
		}
		if e := sw.beginInstanceAction(c, action); e != nil {
			return e
		}
		sw.markDirty()
		_ = sw.saveIfDirty()
		s.setAsyncHeaders(w, r, sw.operations[c.Op.ID], false)
		w.WriteHeader(http.StatusAccepted)
		return nil
	}
}

type nodeBody struct {
	NodeID           string `json:"nodeId"`
	PrivateIPAddress string `json:"privateIpAddress"`
	PublicIPAddress  string `json:"publicIpAddress"`
	Port             int    `json:"port"`
	NodeState        string `json:"nodeState"`
	RunID            string `json:"runId,omitempty"`
}

func (s *Server) listNodes(w http.ResponseWriter, r *http.Request, c *compute) *httpError {
	sw := s.world
	if c.Cluster == nil {
		return validationError("computeName", "listNodes is only supported for AmlCompute; '%s' is a %s.", c.Name, c.Type)
	}
	skip, e := skipToken(r)
	if e != nil {
		return e
	}
	values, next := offsetPage(c.Cluster.Nodes, skip, sw.pageSize(), func(n *clusterNode) nodeBody {
		b := nodeBody{NodeID: n.ID, PrivateIPAddress: n.PrivateIP, PublicIPAddress: n.PublicIP, Port: n.Port, NodeState: n.State}
		if n.State == nodeRunning {
			b.RunID = sw.runningJobOn(c.Name, n.ID)
			if b.RunID == "" {
				b.RunID = n.Job
			}
		}
		return b
	})
	writeJSON(w, http.StatusOK, struct {
		Nodes    []nodeBody `json:"nodes"`
		NextLink string     `json:"nextLink,omitempty"`
	}{Nodes: values, NextLink: sw.nextLink(r, next)})
	return nil
}

// skipToken reads the $skip paging token of a list request.
func skipToken(r *http.Request) (int, *httpError) {
	n, ok := pageOffset(r.URL.Query(), "$skip")
	if !ok {
		return 0, validationError("$skip", "$skip '%s' is not a page token this service issued.", r.URL.Query().Get("$skip"))
	}
	return n, nil
}

// nextLink is the link to the compute list page that starts at next (see offsetPage), or ""
// when there is none. It keeps only the api-version of the request, as the service does.
func (w *world) nextLink(r *http.Request, next int) string {
	if next == 0 {
		return ""
	}
	q := url.Values{"api-version": {r.URL.Query().Get("api-version")}, "$skip": {strconv.Itoa(next)}}
	return w.endpoint + r.URL.Path + "?" + q.Encode()
}

func (s *Server) listKeys(w http.ResponseWriter, r *http.Request, c *compute) *httpError {
	sw := s.world
	a := c.Attach
	switch c.Type {
	case typeVirtualMachine, typeHDInsight:
		admin := *a.Admin
		if e := sw.unsealAll(&admin.Password, &admin.PrivateKeyData); e != nil {
			return e
		}
		writeJSON(w, http.StatusOK, map[string]any{"computeType": c.Type, "administratorAccount": admin})
	case typeDatabricks:
		token := a.DatabricksAccessToken
		if e := sw.unsealAll(&token); e != nil {
			return e
		}
		writeJSON(w, http.StatusOK, map[string]any{"computeType": c.Type, "databricksAccessToken": token})
	case typeAKS:
		writeJSON(w, http.StatusOK, map[string]any{"computeType": c.Type,
			"userKubeConfig":      "apiVersion: v1\nkind: Config\nclusters:\n- name: " + c.Name + "\n",
			"adminKubeConfig":     "apiVersion: v1\nkind: Config\nclusters:\n- name: " + c.Name + "-admin\n",
			"imagePullSecretName": c.Name + "-pull-secret"})
	case typeAmlCompute:
		if c.Cluster.Credentials == nil {
			return validationError("computeName", "Cluster '%s' has no user account credentials to list.", c.Name)
		}
		creds := *c.Cluster.Credentials
		if e := sw.unsealAll(&creds.AdminUserPassword); e != nil {
			return e
		}
		writeJSON(w, http.StatusOK, map[string]any{"computeType": c.Type, "userAccountCredentials": map[string]string{
			"adminUserName": creds.AdminUserName, "adminUserSshPublicKey": creds.AdminUserSSHPublicKey,
			"adminUserPassword": creds.AdminUserPassword}})
	default:
		return validationError("computeName", "listKeys is not supported for compute type %s ('%s' holds no keys).", c.Type, c.Name)
	}
	return nil
}
