package emulator

import (
	"net/http"
	"strings"
)

// Updates: PUT on an existing cluster changes its mutable settings; PATCH changes scale
// settings and identity. Both answer like the service (PATCH: 202 + Azure-AsyncOperation with
// provisioningState Updating, as recorded) and settle after a short simulated delay.

// updateByPut handles a PUT whose compute already exists.
func (s *Server) updateByPut(w http.ResponseWriter, r *http.Request, c *compute, computeType string, req *computeRequest) *httpError {
	sw := s.world
	if c.Type != computeType {
		return errorf(http.StatusConflict, "Conflict", "Compute '%s' already exists as a %s; its computeType cannot change to %s. Delete it first, or choose another name.", c.Name, c.Type, computeType)
	}
	if c.Cluster == nil {
		what := "attached"
		if c.Instance != nil {
			what = "compute instance"
		}
		return errorf(http.StatusConflict, "Conflict", "Compute '%s' already exists; an %s compute cannot be changed with PUT. Delete or detach it first.", c.Name, what)
	}
	if e := checkIdle(c); e != nil {
		return e
	}
	var p amlComputeRequest
	if e := decodeInto(req.Properties.Properties, &p); e != nil {
		return e
	}
	cl := c.Cluster
	immutable := []struct {
		field, now, want string
	}{
		{"vmSize", cl.VMSize, p.VMSize},
		{"vmPriority", cl.VMPriority, p.VMPriority},
		{"osType", cl.OSType, p.OSType},
	}
	for _, f := range immutable {
		if f.want != "" && !strings.EqualFold(f.now, f.want) {
			return validationError("properties.properties."+f.field, "properties.properties.%s cannot change after a cluster is created (it is %s, the request asks for %s). Create a new cluster instead.", f.field, f.now, f.want)
		}
	}
	if e := sw.checkSSHUnchanged(cl, &p); e != nil {
		return e
	}
	if p.Subnet != nil && !strings.EqualFold(p.Subnet.ID, cl.Subnet) {
		return validationError("properties.properties.subnet", "properties.properties.subnet cannot change after a cluster is created.")
	}
	updated := *cl
	if p.ScaleSettings != nil {
		if e := applyScaleSettings(&updated, p.ScaleSettings); e != nil {
			return e
		}
	}
	if req.Identity != nil {
		id, e := sw.validateIdentity(c.Type, req.Identity)
		if e != nil {
			return e
		}
		c.Identity = id
	}
	cl.MinNodes, cl.MaxNodes, cl.IdleBeforeScaleDown = updated.MinNodes, updated.MaxNodes, updated.IdleBeforeScaleDown
	if req.Properties.Description != nil {
		c.Description = req.Properties.Description
	}
	if req.Tags != nil {
		c.Tags = req.Tags
	}
	op := sw.beginUpdate(c)
	s.setAsyncHeaders(w, r, op, false)
	writeJSON(w, http.StatusOK, sw.render(c))
	return nil
}

// checkSSHUnchanged refuses changes to a cluster's SSH access after creation.
func (w *world) checkSSHUnchanged(cl *cluster, p *amlComputeRequest) *httpError {
	if v := p.RemoteLoginPortPublicAccess; v != "" && !strings.EqualFold(v, "NotSpecified") && !strings.EqualFold(v, cl.RemoteLoginPortPublicAccess) {
		return validationError("properties.properties.remoteLoginPortPublicAccess", "remoteLoginPortPublicAccess cannot change after a cluster is created (it is %s).", cl.RemoteLoginPortPublicAccess)
	}
	if creds := p.UserAccountCredentials; creds != nil {
		now := userAccountCredentials{}
		if cl.Credentials != nil {
			now = *cl.Credentials
			if e := w.unsealAll(&now.AdminUserPassword); e != nil {
				return e
			}
		}
		if creds.AdminUserName != now.AdminUserName || creds.AdminUserPassword != "" && creds.AdminUserPassword != now.AdminUserPassword ||
			creds.AdminUserSSHPublicKey != "" && creds.AdminUserSSHPublicKey != now.AdminUserSSHPublicKey {
			return validationError("properties.properties.userAccountCredentials", "userAccountCredentials (SSH access) cannot change after a cluster is created.")
		}
	}
	return nil
}

// beginUpdate marks c Updating under a new operation.
func (w *world) beginUpdate(c *compute) *operation {
	op := w.startOperation()
	c.Op = &pendingOp{ID: op.ID, Kind: "update", ReadyAt: w.now().Add(w.delay(updateTime))}
	c.ProvisioningState = stateUpdating
	c.ModifiedOn = w.now()
	w.markDirty()
	_ = w.saveIfDirty()
	return op
}

// patchRequest is ClusterUpdateParameters, plus the identity the service also takes.
type patchRequest struct {
	Identity   *identityRequest `json:"identity"`
	Properties *struct {
		Properties *struct {
			ScaleSettings *scaleSettingsRequest `json:"scaleSettings"`
		} `json:"properties"`
	} `json:"properties"`
}

func (s *Server) patchCompute(w http.ResponseWriter, r *http.Request, c *compute, req *patchRequest) *httpError {
	sw := s.world
	var scale *scaleSettingsRequest
	if req.Properties != nil && req.Properties.Properties != nil {
		scale = req.Properties.Properties.ScaleSettings
	}
	if scale == nil && req.Identity == nil {
		return validationError("properties.properties.scaleSettings", "The update changes nothing: give properties.properties.scaleSettings or identity.")
	}
	if scale != nil && c.Cluster == nil {
		if c.Instance != nil {
			return validationError("properties.properties.scaleSettings", "A compute instance has no scale settings; only AmlCompute clusters can be resized.")
		}
		return validationError("properties.properties.scaleSettings", "Compute '%s' is an attached %s; its size is managed where it lives, not by scale settings.", c.Name, c.Type)
	}
	if e := checkIdle(c); e != nil {
		return e
	}
	if c.ProvisioningState == stateFailed {
		return errorf(http.StatusConflict, "Conflict", "Compute '%s' failed to provision and cannot be updated; delete it and create it again.", c.Name)
	}
	if scale != nil {
		updated := *c.Cluster
		if e := applyScaleSettings(&updated, scale); e != nil {
			return e
		}
		c.Cluster.MinNodes, c.Cluster.MaxNodes, c.Cluster.IdleBeforeScaleDown = updated.MinNodes, updated.MaxNodes, updated.IdleBeforeScaleDown
	}
	if req.Identity != nil {
		id, e := sw.validateIdentity(c.Type, req.Identity)
		if e != nil {
			return e
		}
		c.Identity = id
	}
	op := sw.beginUpdate(c)
	s.setAsyncHeaders(w, r, op, false)
	writeJSON(w, http.StatusAccepted, sw.render(c))
	return nil
}
