package compute

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// FormatAge renders a duration the way list columns show ages: the largest whole unit only,
// "45s", "12m", "5h", "3d", "2y". Negative durations (clock skew) render as "0s".
func FormatAge(d time.Duration) string {
	const day = 24 * time.Hour
	switch {
	case d < time.Minute:
		if d < 0 {
			d = 0
		}
		return strconv.Itoa(int(d/time.Second)) + "s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < day:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d < 365*day:
		return strconv.Itoa(int(d/day)) + "d"
	}
	return strconv.Itoa(int(d/(365*day))) + "y"
}

// Age is the age of something created at t, as seen at now; "" when t is unknown (zero).
func Age(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	return FormatAge(now.Sub(t))
}

// isoDuration holds the components of an ISO-8601 duration (PnYnMnWnDTnHnMnS).
type isoDuration struct {
	years, months, weeks, days, hours, minutes float64
	seconds                                    float64
}

// errISODuration is the rule every malformed duration breaks.
func errISODuration() error {
	return errors.New("must be an ISO-8601 duration such as PT15M, PT1H30M or P1D")
}

// parseISO splits an ISO-8601 duration into its components. Only the last component may carry a
// fraction (as the standard says); a comma works as the decimal mark.
func parseISO(s string) (isoDuration, error) {
	var d isoDuration
	rest, ok := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(s)), "P")
	if !ok || rest == "" {
		return d, errISODuration()
	}
	inTime := false
	seen := 0
	fraction := false
	// lastRank makes each unit appear at most once and in the standard's order.
	lastRank := -1
	for rest != "" {
		if rest[0] == 'T' {
			if inTime {
				return d, errISODuration()
			}
			inTime = true
			rest = rest[1:]
			if rest == "" {
				return d, errISODuration()
			}
			continue
		}
		i := 0
		for i < len(rest) && (rest[i] >= '0' && rest[i] <= '9' || rest[i] == '.' || rest[i] == ',') {
			i++
		}
		if i == 0 || i == len(rest) || fraction {
			return d, errISODuration()
		}
		num := strings.ReplaceAll(rest[:i], ",", ".")
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || math.IsInf(v, 0) {
			return d, errISODuration()
		}
		fraction = strings.Contains(num, ".")
		var field *float64
		var rank int
		switch unit := rest[i]; {
		case !inTime && unit == 'Y':
			field, rank = &d.years, 0
		case !inTime && unit == 'M':
			field, rank = &d.months, 1
		case !inTime && unit == 'W':
			field, rank = &d.weeks, 2
		case !inTime && unit == 'D':
			field, rank = &d.days, 3
		case inTime && unit == 'H':
			field, rank = &d.hours, 4
		case inTime && unit == 'M':
			field, rank = &d.minutes, 5
		case inTime && unit == 'S':
			field, rank = &d.seconds, 6
		default:
			return d, errISODuration()
		}
		if rank <= lastRank {
			return d, errISODuration()
		}
		lastRank = rank
		*field = v
		seen++
		rest = rest[i+1:]
	}
	if seen == 0 {
		return d, errISODuration()
	}
	return d, nil
}

// ParseISODuration parses an ISO-8601 duration of fixed length: weeks, days, hours, minutes and
// seconds (a day counts as 24 hours). Years and months have no fixed length and are refused,
// as is anything that overflows time.Duration.
func ParseISODuration(s string) (time.Duration, error) {
	d, err := parseISO(s)
	if err != nil {
		return 0, err
	}
	if d.years != 0 || d.months != 0 {
		return 0, errors.New("must not use years or months, which have no fixed length; use days (P30D)")
	}
	secs := d.seconds + 60*(d.minutes+60*(d.hours+24*(d.days+7*d.weeks)))
	if secs*float64(time.Second) > math.MaxInt64 {
		return 0, errors.New("is too long")
	}
	return time.Duration(math.Round(secs * float64(time.Second))), nil
}

// FormatISODuration renders an ISO-8601 duration in words: "PT2M" is "2 minutes", "PT1H30M"
// is "1 hour 30 minutes", "PT90M" is "1 hour 30 minutes", "P1D" is "1 day". Durations with years
// or months keep those units ("P1M" is "1 month"). "" stays "" (Azure sent null); anything that
// is not an ISO-8601 duration is returned verbatim, so the user still sees what Azure sent.
func FormatISODuration(s string) string {
	if s == "" {
		return ""
	}
	d, err := parseISO(s)
	if err != nil {
		return s
	}
	var parts []string
	if d.years != 0 || d.months != 0 {
		parts = appendUnit(parts, d.years, "year")
		parts = appendUnit(parts, d.months, "month")
		parts = appendUnit(parts, d.weeks*7+d.days, "day")
		parts = appendUnit(parts, d.hours, "hour")
		parts = appendUnit(parts, d.minutes, "minute")
		parts = appendUnit(parts, d.seconds, "second")
	} else {
		dur, err := ParseISODuration(s)
		if err != nil {
			return s
		}
		parts = wordsOf(dur)
	}
	if len(parts) == 0 {
		return "0 seconds"
	}
	return strings.Join(parts, " ")
}

// wordsOf renders a fixed duration as days, hours, minutes and seconds in words, leaving out
// zero units; sub-second remainders show as fractional seconds.
func wordsOf(d time.Duration) []string {
	const day = 24 * time.Hour
	var parts []string
	days := d / day
	d -= days * day
	hours := d / time.Hour
	d -= hours * time.Hour
	minutes := d / time.Minute
	d -= minutes * time.Minute
	parts = appendUnit(parts, float64(days), "day")
	parts = appendUnit(parts, float64(hours), "hour")
	parts = appendUnit(parts, float64(minutes), "minute")
	return appendUnit(parts, d.Seconds(), "second")
}

func appendUnit(parts []string, v float64, unit string) []string {
	if v == 0 {
		return parts
	}
	n := strconv.FormatFloat(v, 'f', -1, 64)
	if v != 1 {
		unit += "s"
	}
	return append(parts, fmt.Sprintf("%s %s", n, unit))
}
