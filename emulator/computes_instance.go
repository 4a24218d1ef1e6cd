package emulator

import (
	"encoding/json"
	"strings"
	"time"
)

// Compute instance states (properties.properties.state).
const (
	ciCreating   = "Creating"
	ciRunning    = "Running"
	ciJobRunning = "JobRunning"
	ciStarting   = "Starting"
	ciStopping   = "Stopping"
	ciStopped    = "Stopped"
	ciRestarting = "Restarting"
	ciDeleting   = "Deleting"
	ciFailed     = "CreateFailed"
)

// instance is the ComputeInstance part of a compute.
type instance struct {
	VMSize                   string
	State                    string
	StateUntil               time.Time // end of a transient state (Creating, Starting, ...)
	SSHPublicAccess          string
	AdminUserName            string
	AdminPublicKey           string `json:",omitempty"`
	SSHPort                  int
	ApplicationSharingPolicy string
	AuthorizationType        *string
	PersonalSettings         rawObject `json:",omitempty"`
	Schedules                rawObject `json:",omitempty"`
	SetupScripts             rawObject `json:",omitempty"`
	CustomServices           rawObject `json:",omitempty"`
	Subnet                   string
	EnableNodePublicIP       bool
	IdleTimeBeforeShutdown   string `json:",omitempty"`
	PublicIP, PrivateIP      string
	LastOperation            *lastOperation `json:",omitempty"`
	IdleSince                time.Time      `json:",omitzero"` // when the instance last became idle
	// Queue holds the jobs waiting for the instance, oldest first; Running is the one it runs.
	Queue   []string
	Running string `json:",omitempty"`
	// Interrupted are jobs a stop or restart took the instance from; grantedNodes tells each
	// once (as a preemption), and the job waits in the queue for the instance to run again.
	Interrupted []string `json:",omitempty"`
}

// lastOperation is properties.properties.lastOperation.
type lastOperation struct {
	OperationName    string `json:"operationName"`
	OperationTime    string `json:"operationTime"`
	OperationStatus  string `json:"operationStatus"`
	OperationTrigger string `json:"operationTrigger"`
}

// instanceProperties is properties.properties of a ComputeInstance, as recorded.
type instanceProperties struct {
	VMSize                           string                `json:"vmSize"`
	ImageVersion                     *string               `json:"imageVersion"`
	Subnet                           *resourceIDBody       `json:"subnet"`
	SSHSettings                      instanceSSHBody       `json:"sshSettings"`
	AutologgerSettings               *struct{}             `json:"autologgerSettings"`
	Errors                           []provisioningError   `json:"errors"`
	ConnectivityEndpoints            connectivityEndpoints `json:"connectivityEndpoints"`
	Applications                     []instanceApplication `json:"applications"`
	State                            string                `json:"state"`
	LastOperation                    *lastOperation        `json:"lastOperation"`
	CreatedBy                        instanceCreatedBy     `json:"createdBy"`
	ApplicationSharingPolicy         string                `json:"applicationSharingPolicy"`
	ComputeInstanceAuthorizationType *string               `json:"computeInstanceAuthorizationType"`
	PersonalComputeInstanceSettings  rawObject             `json:"personalComputeInstanceSettings"`
	SetupScripts                     rawObject             `json:"setupScripts"`
	Schedules                        rawObject             `json:"schedules"`
	EnableNodePublicIP               bool                  `json:"enableNodePublicIp"`
	EnableBatchPrivateLink           bool                  `json:"enableBatchPrivateLink"`
	EnableOSPatching                 bool                  `json:"enableOSPatching"`
	ReleaseQuotaOnStop               bool                  `json:"releaseQuotaOnStop"`
	EnableSSO                        bool                  `json:"enableSSO"`
	IdleTimeBeforeShutdown           string                `json:"idleTimeBeforeShutdown,omitempty"`
	DataMounts                       []any                 `json:"dataMounts"`
	DataDisks                        []any                 `json:"dataDisks"`
	Containers                       []any                 `json:"containers"`
	UpdateStatus                     *string               `json:"updateStatus"`
	Versions                         map[string]string     `json:"versions"`
	CustomServices                   rawObject             `json:"customServices"`
	OSImageMetadata                  osImageMetadata       `json:"osImageMetadata"`
}

type instanceSSHBody struct {
	SSHPublicAccess string  `json:"sshPublicAccess"`
	AdminUserName   string  `json:"adminUserName"`
	SSHPort         int     `json:"sshPort"`
	AdminPublicKey  *string `json:"adminPublicKey"`
}

type connectivityEndpoints struct {
	PublicIPAddress  *string `json:"publicIpAddress"`
	PrivateIPAddress *string `json:"privateIpAddress"`
}

type instanceApplication struct {
	DisplayName string `json:"displayName"`
	EndpointURI string `json:"endpointUri"`
}

type instanceCreatedBy struct {
	UserName  string `json:"userName"`
	UserOrgID string `json:"userOrgId"`
	UserID    string `json:"userId"`
}

type osImageMetadata struct {
	CurrentImageVersion    string  `json:"currentImageVersion"`
	LatestImageVersion     string  `json:"latestImageVersion"`
	IsLatestOSImageVersion bool    `json:"isLatestOsImageVersion"`
	OSPatchingStatus       *string `json:"osPatchingStatus"`
}

// emptySchedules is what the service returns for an instance created without schedules.
func emptySchedules() rawObject { return rawObject(`{"computeStartStop":[]}`) }

func (in *instance) render(c *compute) instanceProperties {
	p := instanceProperties{
		VMSize:                           strings.ToUpper(in.VMSize),
		SSHSettings:                      instanceSSHBody{SSHPublicAccess: in.SSHPublicAccess, AdminUserName: in.AdminUserName, SSHPort: in.SSHPort},
		Errors:                           []provisioningError{},
		State:                            in.State,
		LastOperation:                    in.LastOperation,
		CreatedBy:                        instanceCreatedBy{UserName: "demo@example.com", UserOrgID: emulatorTenant, UserID: "00000000-0000-0000-0000-0000000000de"},
		ApplicationSharingPolicy:         in.ApplicationSharingPolicy,
		ComputeInstanceAuthorizationType: in.AuthorizationType,
		PersonalComputeInstanceSettings:  nullIfEmpty(in.PersonalSettings),
		SetupScripts:                     nullIfEmpty(in.SetupScripts),
		Schedules:                        in.Schedules,
		EnableNodePublicIP:               in.EnableNodePublicIP,
		EnableSSO:                        true,
		IdleTimeBeforeShutdown:           in.IdleTimeBeforeShutdown,
		Versions:                         map[string]string{"runtime": "3.0.02755.0006"},
		CustomServices:                   in.CustomServices,
		OSImageMetadata:                  osImageMetadata{CurrentImageVersion: "24.06.10", LatestImageVersion: "24.06.10", IsLatestOSImageVersion: true},
	}
	if len(p.Schedules) == 0 {
		p.Schedules = emptySchedules()
	}
	if len(p.CustomServices) == 0 {
		p.CustomServices = rawObject(`[]`)
	}
	p.SSHSettings.AdminPublicKey = stringOrNull(in.AdminPublicKey)
	if in.Subnet != "" {
		p.Subnet = &resourceIDBody{ID: in.Subnet}
	}
	if c.ProvisioningState == stateFailed {
		p.Errors = c.ProvisioningErrors
	}
	if in.State != ciCreating && in.State != ciFailed {
		pub, priv := in.PublicIP, in.PrivateIP
		p.ConnectivityEndpoints = connectivityEndpoints{PublicIPAddress: &pub, PrivateIPAddress: &priv}
		host := "https://" + strings.ToLower(c.Name) + "." + c.Location + ".instances.azureml.ms"
		p.Applications = []instanceApplication{
			{DisplayName: "Jupyter", EndpointURI: host + "/tree/"},
			{DisplayName: "Jupyter Lab", EndpointURI: host + "/lab"},
		}
	}
	return p
}

func nullIfEmpty(r rawObject) rawObject {
	if len(r) == 0 {
		return rawObject("null")
	}
	return r
}

// canRunJobs reports whether the instance can run a job now.
func (in *instance) canRunJobs() bool { return in.State == ciRunning || in.State == ciJobRunning }

// dequeue removes job from the instance's queue.
func (in *instance) dequeue(job string) {
	out := in.Queue[:0]
	for _, j := range in.Queue {
		if j != job {
			out = append(out, j)
		}
	}
	in.Queue = out
}

// marshalRaw keeps a decoded value as raw JSON (nil stays nil).
func marshalRaw(v any) rawObject {
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}
