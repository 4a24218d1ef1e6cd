package emulator

import (
	"net/http"
	"strings"
)

type vmSizeBody struct {
	Name                  string          `json:"name"`
	Family                string          `json:"family"`
	VCPUs                 int             `json:"vCPUs"`
	GPUs                  int             `json:"gpus"`
	OSVhdSizeMB           int             `json:"osVhdSizeMB"`
	MaxResourceVolumeMB   int             `json:"maxResourceVolumeMB"`
	MemoryGB              float64         `json:"memoryGB"`
	LowPriorityCapable    bool            `json:"lowPriorityCapable"`
	PremiumIO             bool            `json:"premiumIO"`
	EstimatedVMPrices     estimatedPrices `json:"estimatedVMPrices"`
	SupportedComputeTypes []string        `json:"supportedComputeTypes"`
	Generation            string          `json:"generation"`
	SupportsIB            bool            `json:"supportsIB"`
}

type estimatedPrices struct {
	BillingCurrency string       `json:"billingCurrency"`
	UnitOfMeasure   string       `json:"unitOfMeasure"`
	Values          []priceValue `json:"values"`
}

type priceValue struct {
	RetailPrice float64 `json:"retailPrice"`
	OSType      string  `json:"osType"`
	VMTier      string  `json:"vmTier"`
}

func (s vmSize) body() vmSizeBody {
	f, _ := lookupFamily(s.Family)
	linux := float64(s.VCPUs)*f.LinuxPerCPU + float64(s.GPUs)*f.PerGPU
	windows := linux + 0.046*float64(s.VCPUs)
	types := []string{typeAmlCompute}
	if s.Instance {
		types = append(types, typeComputeInstance)
	}
	var prices []priceValue
	for _, p := range []priceValue{{windows, "Windows", "Standard"}, {linux * 0.2, "Linux", "LowPriority"},
		{linux, "Linux", "Standard"}, {windows * 0.2, "Windows", "LowPriority"}} {
		if p.VMTier == "LowPriority" && !s.LowPriority {
			continue
		}
		p.RetailPrice = price(p.RetailPrice)
		prices = append(prices, p)
	}
	return vmSizeBody{
		Name: s.Name, Family: s.Family, VCPUs: s.VCPUs, GPUs: s.GPUs,
		OSVhdSizeMB: 1047552, MaxResourceVolumeMB: 7168 * s.VCPUs, MemoryGB: s.MemoryGB,
		LowPriorityCapable: s.LowPriority, PremiumIO: f.PremiumIO || strings.Contains(strings.ToLower(s.Name), "s_"),
		EstimatedVMPrices:     estimatedPrices{BillingCurrency: "USD", UnitOfMeasure: "OneHour", Values: prices},
		SupportedComputeTypes: types, Generation: f.Generation, SupportsIB: f.InfiniBand,
	}
}

func (s *Server) listVMSizes(w http.ResponseWriter, r *http.Request, sw *world) *httpError {
	out := []vmSizeBody{}
	for _, size := range vmSizeCatalogue() {
		out = append(out, size.body())
	}
	writeJSON(w, http.StatusOK, map[string]any{"value": out})
	return nil
}
