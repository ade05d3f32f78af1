package bot

import (
	"fmt"
	"regexp"
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
		dow := "*"
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
	parsed, perr := cronParser.Parse(spec)
	if perr != nil {
		return bad("Invalid schedule %q: %v.", spec, perr)
	}
	if cd, ok := parsed.(cron.ConstantDelaySchedule); ok && cd.Delay < minEvery {
		return bad("@every must be at least %s for a question of the day.", minEvery)
	}
	return spec, zone, nil
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
