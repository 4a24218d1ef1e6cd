package logs

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// rankPattern finds the rank in per-process log names: std_log_process_12.txt,
// 70_driver_log_3.txt.
var rankPattern = regexp.MustCompile(`_(\d+)\.txt$`)

// Rank is the process rank a log belongs to, and whether its name carries one.
func Rank(name string) (int, bool) {
	m := rankPattern.FindStringSubmatch(name)
	if m == nil || !IsUserLog(name) {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// IsUserLog reports whether name is a log the user's own code writes: user_logs (std_log,
// one per rank for distributed jobs, and mpi_log), and the legacy runtime's 70_driver_log.
func IsUserLog(name string) bool {
	base := name[strings.LastIndexByte(name, '/')+1:]
	switch {
	case strings.HasPrefix(name, "user_logs/"):
		return true
	case strings.HasPrefix(name, "azureml-logs/") && strings.HasPrefix(base, "70_driver_log"):
		return true
	}
	return false
}

// Sort orders log names as a person reads them: user logs first, ranks numerically
// (std_log_process_2 before std_log_process_10), then everything else by name.
func Sort(names []string) {
	sort.SliceStable(names, func(i, j int) bool { return less(names[i], names[j]) })
}

func less(a, b string) bool {
	ua, ub := IsUserLog(a), IsUserLog(b)
	if ua != ub {
		return ua
	}
	ra, oka := Rank(a)
	rb, okb := Rank(b)
	if oka && okb && rankPattern.ReplaceAllString(a, "") == rankPattern.ReplaceAllString(b, "") && ra != rb {
		return ra < rb
	}
	return a < b
}
