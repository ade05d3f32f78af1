package bot

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/mockinterview/mockinterview/interview"
)

// This file is the subscription grammar of `qotd subscribe` and how a schedule is
// described back to people.

// cronParser reads 5-field specs with an optional CRON_TZ= prefix and descriptors
// (@daily, @every 1h).
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

var clock = regexp.MustCompile(`^([01]?\d|2[0-3]):([0-5]\d)$`)

var dayNames = map[string]string{
	"weekdays": "1-5", "weekday": "1-5", "workdays": "1-5", "weekends": "0,6", "weekend": "0,6",
	"daily": "*", "everyday": "*", "every-day": "*",
}

var dayList = regexp.MustCompile(`^(?i)(sun|mon|tue|wed|thu|fri|sat)([-,](sun|mon|tue|wed|thu|fri|sat))*$`)

// ParseSubscription turns `qotd subscribe` arguments into a cron spec with its time
// zone: "HH:MM [TZ] [weekdays]" (TZ an IANA name, defaulting to defaultTZ), a 5-field
// cron spec (CRON_TZ= allowed) or a descriptor (@daily, @every 1h, at least minEvery).
// Specs without a
// zone get CRON_TZ=defaultTZ, so a schedule means the same wherever the bot runs.
func ParseSubscription(args []string, defaultTZ string, minEvery time.Duration) (spec, zone string, err error) {
	bad := func(format string, a ...any) (string, string, error) {
		return "", "", interview.Errorf(interview.EINVALID, format, a...)
	}
	zone = defaultTZ
	if len(args) == 0 {
		args = []string{"09:00", "weekdays"}
	}
	loadZone := func(name string) error {
		if _, err := time.LoadLocation(name); err != nil || name == "" || name == "Local" {
			return interview.Errorf(interview.EINVALID, "Unknown time zone %q: use an IANA name such as Europe/Berlin or America/New_York.", name)
		}
		return nil
	}
	switch first := args[0]; {
	case clock.MatchString(first):
		m := clock.FindStringSubmatch(first)
		dow := "1-5" // the same days as a bare `qotd subscribe`
		rest := args[1:]
		if len(rest) > 0 && (strings.Contains(rest[0], "/") || strings.EqualFold(rest[0], "UTC")) {
			zone = rest[0]
			if strings.EqualFold(zone, "utc") {
				zone = "UTC"
			}
			rest = rest[1:]
		}
		if len(rest) > 0 {
			d := strings.ToLower(rest[0])
			switch {
			case dayNames[d] != "":
				dow = dayNames[d]
			case dayList.MatchString(d):
				dow = strings.ToUpper(d)
			default:
				return bad("I did not understand the days %q: use weekdays, weekends, daily, or names like mon,wed,fri or mon-fri.", rest[0])
			}
			rest = rest[1:]
		}
		if len(rest) > 0 {
			return bad("Unexpected %q: use HH:MM [TZ] [days], e.g. 09:30 Europe/Berlin weekdays.", strings.Join(rest, " "))
		}
		spec = fmt.Sprintf("CRON_TZ=%s %s %s * * %s", zone, strings.TrimLeft(m[2], "0")+zeroIfEmpty(m[2]), strings.TrimLeft(m[1], "0")+zeroIfEmpty(m[1]), dow)
	case strings.HasPrefix(first, "@"):
		spec = strings.Join(args, " ")
		if !strings.HasPrefix(spec, "@every") {
			spec = "CRON_TZ=" + zone + " " + spec
		}
	default:
		spec = strings.Join(args, " ")
		if strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=") {
			tzField, _, _ := strings.Cut(spec, " ")
			_, zone, _ = strings.Cut(tzField, "=")
		} else {
			if len(args) != 5 {
				return bad("%q is not a schedule: use HH:MM [TZ] [days], a 5-field cron spec such as `30 9 * * 1-5`, or @daily / @every 1h.", spec)
			}
			spec = "CRON_TZ=" + zone + " " + spec
		}
	}
	if err := loadZone(zone); err != nil {
		return "", "", err
	}
	_, perr := parseSpec(spec)
	if perr != nil {
		return bad("Invalid schedule %q: %v.", spec, perr)
	}
	if err := CheckSchedule(spec, minEvery); err != nil {
		return "", "", err
	}
	return spec, zone, nil
}

// parseSpec parses a cron spec. robfig/cron panics on a zone prefix with nothing
// after it ("TZ=UTC"); that is refused as an error here, and any other panic of the
// parser is turned into one.
func parseSpec(spec string) (sched cron.Schedule, err error) {
	if (strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "CRON_TZ=")) && !strings.Contains(strings.TrimSpace(spec), " ") {
		return nil, fmt.Errorf("a time zone needs a schedule after it, e.g. CRON_TZ=Europe/Berlin 30 9 * * 1-5")
	}
	defer func() {
		if r := recover(); r != nil {
			sched, err = nil, fmt.Errorf("unreadable schedule")
		}
	}()
	return cronParser.Parse(spec)
}

// CheckSchedule refuses a spec that would post more often than minEvery, or never:
// it walks the next year of the schedule's times and measures the shortest gap.
func CheckSchedule(spec string, minEvery time.Duration) error {
	parsed, err := parseSpec(spec)
	if err != nil {
		return interview.Errorf(interview.EINVALID, "Invalid schedule %q: %v.", spec, err)
	}
	if cd, ok := parsed.(cron.ConstantDelaySchedule); ok {
		if cd.Delay < minEvery {
			return interview.Errorf(interview.EINVALID, "@every must be at least %s for a question of the day.", minEvery)
		}
		return nil
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	prev := parsed.Next(start)
	if prev.IsZero() || prev.After(end) {
		return interview.Errorf(interview.EINVALID, "The schedule %q never posts (no time in a whole year); check the day and month fields.", spec)
	}
	for i := 0; i < 1000; i++ {
		next := parsed.Next(prev)
		if next.IsZero() || next.After(end) {
			break
		}
		if gap := next.Sub(prev); gap < minEvery {
			return interview.Errorf(interview.EINVALID, "The schedule %q would post every %s; a question of the day may come at most once every %s.", spec, gap, minEvery)
		}
		prev = next
	}
	return nil
}

func zeroIfEmpty(s string) string {
	if strings.TrimLeft(s, "0") == "" {
		return "0"
	}
	return ""
}

// CheckSummary validates a weekly-summary setting: a 5-field cron spec without a zone
// (each channel's own zone applies), or "" for none.
func CheckSummary(spec string) error {
	if spec == "" {
		return nil
	}
	if _, err := cron.ParseStandard(spec); err != nil || strings.HasPrefix(spec, "CRON_TZ") || strings.HasPrefix(spec, "TZ=") || strings.HasPrefix(spec, "@every") {
		return fmt.Errorf("want a 5-field cron spec (the schedule's zone applies) or off")
	}
	return nil
}

// inWords says a schedule's spec the way a person would: "every weekday at 09:30
// (Europe/Berlin)". Specs it does not recognise are "a custom schedule".
func inWords(spec string) string {
	zone := "UTC"
	rest := spec
	if z, r, ok := strings.Cut(spec, " "); ok && (strings.HasPrefix(z, "CRON_TZ=") || strings.HasPrefix(z, "TZ=")) {
		_, zone, _ = strings.Cut(z, "=")
		rest = r
	}
	if d, ok := strings.CutPrefix(rest, "@every "); ok {
		return "every " + d
	}
	switch rest {
	case "@daily", "@midnight":
		return "every day at 00:00 (" + zone + ")"
	case "@weekly":
		return "every Sunday at 00:00 (" + zone + ")"
	case "@hourly":
		return "every hour"
	}
	f := strings.Fields(rest)
	if len(f) != 5 || f[2] != "*" || f[3] != "*" {
		return "a custom schedule (" + zone + ")"
	}
	min, errM := strconv.Atoi(f[0])
	hour, errH := strconv.Atoi(f[1])
	if errM != nil || errH != nil {
		return "a custom schedule (" + zone + ")"
	}
	days := map[string]string{"*": "every day", "1-5": "every weekday", "0,6": "every Saturday and Sunday", "6,0": "every Saturday and Sunday"}[strings.ToUpper(f[4])]
	if days == "" {
		names := map[string]string{"0": "Sunday", "1": "Monday", "2": "Tuesday", "3": "Wednesday", "4": "Thursday", "5": "Friday", "6": "Saturday", "7": "Sunday",
			"SUN": "Sunday", "MON": "Monday", "TUE": "Tuesday", "WED": "Wednesday", "THU": "Thursday", "FRI": "Friday", "SAT": "Saturday"}
		var out []string
		for _, d := range strings.Split(strings.ToUpper(f[4]), ",") {
			if a, b, ok := strings.Cut(d, "-"); ok && names[a] != "" && names[b] != "" {
				out = append(out, names[a]+" to "+names[b])
			} else if names[d] != "" {
				out = append(out, names[d])
			} else {
				return "a custom schedule (" + zone + ")"
			}
		}
		days = "every " + strings.Join(out, ", ")
	}
	return fmt.Sprintf("%s at %02d:%02d (%s)", days, hour, min, zone)
}
