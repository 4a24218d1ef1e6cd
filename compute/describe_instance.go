package compute

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/resourcemanager/machinelearning/armmachinelearning/v4"
)

// describeInstance: identity, SSH, network, applications, schedules, the instance's own
// settings and its last operation.
func describeInstance(r *armmachinelearning.ComputeResource, p *armmachinelearning.ComputeInstanceProperties) []Section {
	var out []Section
	out = appendSection(out, identitySection(r.Identity))
	if p == nil {
		return out
	}
	ssh := fields{}
	if s := p.SSHSettings; s != nil {
		ssh.add("Admin user", str(s.AdminUserName))
		ssh.addInt("Port", s.SSHPort)
		ssh.add("Public access", enumStr(s.SSHPublicAccess))
		ssh.addSet("SSH public key", s.AdminPublicKey)
	}
	out = appendSection(out, Section{Title: TitleSSH, Fields: ssh})

	net := fields{}
	net.add("Subnet", resourceID(p.Subnet))
	net.addBool("Node public IP", p.EnableNodePublicIP)
	if c := p.ConnectivityEndpoints; c != nil {
		net.add("Public IP", str(c.PublicIPAddress))
		net.add("Private IP", str(c.PrivateIPAddress))
	}
	for _, a := range p.Applications {
		if a != nil {
			net.add("App "+str(a.DisplayName), str(a.EndpointURI))
		}
	}
	out = appendSection(out, Section{Title: TitleNetwork, Fields: net})

	inst := fields{}
	inst.add("Application sharing", enumStr(p.ApplicationSharingPolicy))
	inst.add("Authorization type", enumStr(p.ComputeInstanceAuthorizationType))
	if s := p.PersonalComputeInstanceSettings; s != nil && s.AssignedUser != nil {
		inst.add("Assigned user", withTenant(str(s.AssignedUser.ObjectID), str(s.AssignedUser.TenantID)))
	}
	if c := p.CreatedBy; c != nil {
		who := str(c.UserName)
		if who == "" {
			who = str(c.UserID)
		}
		inst.add("Created by", withTenant(who, str(c.UserOrgID)))
	}
	if s := p.SetupScripts; s != nil && s.Scripts != nil {
		inst.add("Creation script", script(s.Scripts.CreationScript))
		inst.add("Startup script", script(s.Scripts.StartupScript))
	}
	if m := p.OSImageMetadata; m != nil {
		img := str(m.CurrentImageVersion)
		if latest := str(m.LatestImageVersion); latest != "" && latest != img {
			img += " (latest " + latest + ")"
		}
		inst.add("OS image", img)
	}
	if v := p.Versions; v != nil {
		inst.add("Runtime version", str(v.Runtime))
	}
	for _, cs := range p.CustomServices {
		if cs != nil {
			inst.add("Custom service", customService(cs))
		}
	}
	for _, m := range p.DataMounts {
		if m != nil {
			inst.add("Data mount "+str(m.MountName), strings.TrimSpace(str(m.Source)+" → "+str(m.MountPath)+" "+enumStr(m.MountState)))
			inst.add("Data mount "+str(m.MountName)+" error", str(m.Error))
		}
	}
	for _, d := range p.DataDisks {
		if d != nil {
			inst.add("Data disk", dataDisk(d))
		}
	}
	out = appendSection(out, Section{Title: "Compute instance", Fields: inst})
	out = appendSection(out, schedulesSection(p.Schedules))

	last := fields{}
	if op := p.LastOperation; op != nil {
		last.add("Operation", enumStr(op.OperationName))
		last.add("Status", enumStr(op.OperationStatus))
		last.addTime("Time", op.OperationTime)
		last.add("Trigger", enumStr(op.OperationTrigger))
	}
	return appendSection(out, Section{Title: TitleLastOp, Fields: last})
}

func withTenant(who, tenant string) string {
	if who == "" || tenant == "" {
		return who
	}
	return who + " (tenant " + tenant + ")"
}

// script names a setup script by source and location; inline script data is not shown.
func script(s *armmachinelearning.ScriptReference) string {
	if s == nil {
		return ""
	}
	src := str(s.ScriptSource)
	if src == "inline" {
		return "inline"
	}
	parts := []string{src, str(s.ScriptData), str(s.ScriptArguments)}
	if t := str(s.Timeout); t != "" {
		parts = append(parts, "timeout "+t)
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// customService names the service, its image and published endpoints. Environment variable
// values are left out: they may carry credentials.
func customService(cs *armmachinelearning.CustomService) string {
	s := str(cs.Name)
	if cs.Image != nil {
		s += " " + str(cs.Image.Reference)
	}
	for _, e := range cs.Endpoints {
		if e != nil && e.Published != nil {
			s += fmt.Sprintf(" %s:%d", str(e.Name), *e.Published)
		}
	}
	return strings.TrimSpace(s)
}

func dataDisk(d *armmachinelearning.ComputeInstanceDataDisk) string {
	var parts []string
	if d.Lun != nil {
		parts = append(parts, "LUN "+strconv.Itoa(int(*d.Lun)))
	}
	if d.DiskSizeGB != nil {
		parts = append(parts, strconv.Itoa(int(*d.DiskSizeGB))+" GB")
	}
	parts = append(parts, enumStr(d.StorageAccountType), enumStr(d.Caching))
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

// schedulesSection lists an instance's start/stop schedules: action, trigger, when, status.
func schedulesSection(s *armmachinelearning.ComputeSchedules) Section {
	f := fields{}
	if s != nil {
		for i, sch := range s.ComputeStartStop {
			if sch == nil {
				continue
			}
			f.add("Schedule "+strconv.Itoa(i+1), scheduleText(sch))
		}
	}
	return Section{Title: TitleSchedules, Fields: f}
}

func scheduleText(s *armmachinelearning.ComputeStartStopSchedule) string {
	parts := []string{enumStr(s.Action)}
	switch {
	case s.Cron != nil:
		parts = append(parts, "cron "+strconv.Quote(str(s.Cron.Expression)), tz(s.Cron.TimeZone))
	case s.Recurrence != nil:
		parts = append(parts, recurrence(s.Recurrence), tz(s.Recurrence.TimeZone))
	default:
		parts = append(parts, enumStr(s.TriggerType))
	}
	status := enumStr(s.Status)
	if ps := enumStr(s.ProvisioningStatus); ps != "" {
		status = strings.TrimSpace(status + " " + ps)
	}
	if status != "" {
		parts = append(parts, "("+status+")")
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

func tz(p *string) string {
	if p == nil || *p == "" {
		return ""
	}
	return "in " + *p
}

// recurrence renders "every 1 Week on Monday,Friday at 18:30".
func recurrence(r *armmachinelearning.Recurrence) string {
	s := "every"
	if r.Interval != nil {
		s += " " + strconv.Itoa(int(*r.Interval))
	}
	s += " " + enumStr(r.Frequency)
	if sch := r.Schedule; sch != nil {
		var days []string
		for _, d := range sch.WeekDays {
			if d != nil {
				days = append(days, string(*d))
			}
		}
		if len(days) > 0 {
			s += " on " + strings.Join(days, ",")
		}
		var times []string
		for _, h := range sch.Hours {
			for _, m := range sch.Minutes {
				if h != nil && m != nil {
					times = append(times, fmt.Sprintf("%02d:%02d", *h, *m))
				}
			}
		}
		if len(times) > 0 {
			s += " at " + strings.Join(times, ",")
		}
	}
	return s
}
