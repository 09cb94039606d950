// Command report turns the records run.sh collected into the markdown report: the targets of
// issues 7 and 18 with medians, ratios and met / not met, then the figures of every run; and,
// with -svg, a chart of acks/s and p99 per cell, ackgate beside Go and Netty, that the report links.
//
//	report -runs runs.jsonl -meta meta.json [-svg report.svg]
//
// runs.jsonl holds one JSON object per line: load runs (one bench client run against one server),
// idle-connection holds and startup launches, as run.sh writes them.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
)

// record is one line of runs.jsonl; which fields are set depends on Kind.
type record struct {
	Kind     string `json:"kind"` // load | idle | startup | kafka
	Scenario string `json:"scenario"`
	Side     string `json:"side"` // load: a (ackgate, the measured), b (the baseline) or c (the Netty reference)
	Server   string `json:"server"`
	Rep      int    `json:"rep"`
	RC       int    `json:"rc"`
	Error    string `json:"error"`

	// load
	WindowS     float64       `json:"window_s"`
	ServerCPUS  float64       `json:"server_cpu_s"`
	ClientCPUS  float64       `json:"client_cpu_s"`
	ServerRSSKB float64       `json:"server_rss_kb"`
	MachineCPUS float64       `json:"machine_cpu_s"`
	Client      *clientResult `json:"client"`

	// idle
	Connections int          `json:"n"`
	RSSBeforeKB float64      `json:"rss_before_kb"`
	RSSHeldKB   float64      `json:"rss_held_kb"`
	Open        *holderPhase `json:"holder_open"`
	Done        *holderPhase `json:"holder_done"`
	Probe       *probeResult `json:"probe"`
	Variant     string       `json:"variant"`
	RSSReadyKB  float64      `json:"rss_ready_kb"`

	// kafka: the producer's own metrics after a kafka256 run (null when not bound)
	RecordsPerRequest *float64        `json:"records_per_request"`
	BatchSizeAvg      *float64        `json:"batch_size_avg"`
	RecordSendRate    *float64        `json:"record_send_rate"`
	RequestRate       *float64        `json:"request_rate"`
	Extra             json.RawMessage `json:"extra"`
}

type clientResult struct {
	Sent       int64   `json:"sent"`
	Acked      int64   `json:"acked"`
	Lost       int64   `json:"lost"`
	Mismatched int64   `json:"mismatched"`
	Errors     int64   `json:"errors"`
	FirstError *string `json:"first_error"`
	Elapsed    float64 `json:"elapsed_seconds"`
	Rate       float64 `json:"messages_per_second"`
	P50        float64 `json:"p50_us"`
	P99        float64 `json:"p99_us"`
	P999       float64 `json:"p999_us"`
	Max        float64 `json:"max_us"`
}

type holderPhase struct {
	Opened      int64   `json:"opened"`
	Failed      int64   `json:"failed"`
	OpenSeconds float64 `json:"open_seconds"`
	HeldSeconds float64 `json:"held_seconds"`
	Served      int64   `json:"served"`
	Lost        int64   `json:"lost"`
	FirstError  *string `json:"first_error"`
}

type probeResult struct {
	OK     bool     `json:"ok"`
	All    *float64 `json:"all_ms"`
	Line   *float64 `json:"line_ms"`
	Framed *float64 `json:"framed_ms"`
	Time   *float64 `json:"time_ms"`
	UDP    *float64 `json:"udp_ms"`
	HTTP   *float64 `json:"http_ms"`
	Error  string   `json:"error"`
}

type meta struct {
	Timestamp      string   `json:"timestamp"`
	JDK            string   `json:"jdk"`
	JDKMajor       int      `json:"jdk_major"`
	ClientJDK      string   `json:"client_jdk"`
	Go             string   `json:"go"`
	Git            string   `json:"git"`
	Cores          int      `json:"cores"`
	CPU            string   `json:"cpu"`
	LoadStart      string   `json:"load_start"`
	LoadEnd        string   `json:"load_end"`
	WarmupS        float64  `json:"warmup_s"`
	KafkaWarmupS   float64  `json:"kafka_warmup_s"`
	DurationS      float64  `json:"duration_s"`
	Reps           int      `json:"reps"`
	MetricsReps    int      `json:"metrics_reps"`
	Quick          bool     `json:"quick"`
	JVMFlags       string   `json:"jvm_flags"`
	AckgateArgs    string   `json:"ackgate_args"`
	ReferenceArgs  string   `json:"reference_args"`
	Netty          string   `json:"netty"`
	NettyArgs      string   `json:"netty_args"`
	Scenarios      []string `json:"scenarios"`
	Skipped        []string `json:"skipped"`
	ThreadsMode    string   `json:"threads"`
	ElapsedSeconds float64  `json:"elapsed_s"`
}

// scenario says how a load scenario is judged.
type scenario struct {
	name, title, a, b string
	minRatio          float64 // acks/s of a over the target's baseline at least this
	maxP99Ratio       float64 // p99 of a over b at most this (0: not a target)
	vsNetty           bool    // minRatio is against c, the Netty reference, instead of b
}

// netty is the name of side c wherever a scenario has one.
const netty = "Netty reference"

var loadScenarios = []scenario{
	{"line16", "line ack, 64 B lines, 16 connections", "ackgate", "Go reference", 1.0, 1.2, false},
	{"line256", "line ack, 64 B lines, 256 connections", "ackgate", "Go reference", 1.0, 1.2, false},
	{"line1000", "line ack, 64 B lines, 1000 connections", "ackgate", "Go reference", 1.0, 1.2, false},
	{"line16k", "line ack, 16 KiB lines, 1 connection", "ackgate", "Go reference", 1.0, 0, true},
	{"framed256", "framed ack vs ackgate's own line ack, 256 connections", "ackgate framed", "ackgate line", 0.95, 0, false},
	{"udp8", "UDP time, 8 clients", "ackgate", "Go reference", 1.0, 0, false},
	{"metrics", "line ack, 16 connections, metrics on vs off", "ackgate, metrics on", "ackgate, metrics off", 0.95, 0, false},
	// Issue 14: an ack that means "replicated in Kafka" at half the speed of an ack that means nothing more
	// than "received"; the journal (an ack that means "on this disk") for comparison, with no target.
	{"kafka256", "line ack, 256 connections, Kafka ack-mode broker vs Kafka off", "ackgate, Kafka broker", "ackgate, Kafka off", 0.5, 0, false},
	{"kafka256-journal", "line ack, 256 connections, Kafka ack-mode broker vs the journal, fsync always", "ackgate, Kafka broker", "ackgate, journal fsync always", 0, 0, false},
}

func main() {
	runsPath := flag.String("runs", "runs.jsonl", "records written by run.sh")
	metaPath := flag.String("meta", "meta.json", "run.sh's description of the run")
	svgPath := flag.String("svg", "", "also draw acks/s and p99 per cell into this SVG file, linked from the report")
	flag.Parse()

	var m meta
	if data, err := os.ReadFile(*metaPath); err != nil {
		fail(err)
	} else if err := json.Unmarshal(data, &m); err != nil {
		fail(fmt.Errorf("%s: %v", *metaPath, err))
	}
	records, err := readRecords(*runsPath)
	if err != nil {
		fail(err)
	}
	fmt.Print(render(m, records, *svgPath))
	if anyFailed {
		os.Exit(3)
	}
}

// anyFailed is set when some scenario is FAILED (a lost or mismatched ack, a failed run): the
// exit status says so, the table says which.
var anyFailed bool

func fail(err error) {
	fmt.Fprintln(os.Stderr, "report:", err)
	os.Exit(1)
}

func readRecords(path string) ([]record, error) {
	file, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, err
	}
	defer file.Close()
	var records []record
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; scanner.Scan(); line++ {
		if strings.TrimSpace(scanner.Text()) == "" {
			continue
		}
		var r record
		if err := json.Unmarshal(scanner.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		records = append(records, r)
	}
	return records, scanner.Err()
}

// side is the medians of one side of a load scenario.
type side struct {
	runs                      []record
	rate, p50, p99, p999      float64
	cpuPerAck, serverCores    float64
	clientCores, clientPerAck float64
	otherCores                float64
	rssMB                     float64
	failures                  []string
}

func summarize(runs []record) side {
	s := side{runs: runs}
	var rate, p50, p99, p999, cpu, cores, ccores, cper, rss, others []float64
	for _, r := range runs {
		if bad := loadFailure(r); bad != "" {
			s.failures = append(s.failures, fmt.Sprintf("rep %d: %s", r.Rep, bad))
		}
		if r.Client == nil {
			continue
		}
		c := r.Client
		rate = append(rate, c.Rate)
		p50 = append(p50, c.P50)
		p99 = append(p99, c.P99)
		p999 = append(p999, c.P999)
		if c.Acked > 0 {
			cpu = append(cpu, r.ServerCPUS/float64(c.Acked)*1e6)
			cper = append(cper, r.ClientCPUS/float64(c.Acked)*1e6)
		}
		if r.WindowS > 0 {
			cores = append(cores, r.ServerCPUS/r.WindowS)
			ccores = append(ccores, r.ClientCPUS/r.WindowS)
			if r.MachineCPUS > 0 {
				others = append(others, math.Max(0, r.MachineCPUS-r.ServerCPUS-r.ClientCPUS)/r.WindowS)
			}
		}
		rss = append(rss, r.ServerRSSKB/1024)
	}
	s.rate, s.p50, s.p99, s.p999 = median(rate), median(p50), median(p99), median(p999)
	s.cpuPerAck, s.serverCores, s.clientCores, s.clientPerAck = median(cpu), median(cores), median(ccores), median(cper)
	s.rssMB = median(rss)
	s.otherCores = median(others)
	return s
}

// loadFailure says why a load run does not count, or "" when every ack came back right.
func loadFailure(r record) string {
	if r.Client == nil {
		if r.Error != "" {
			return r.Error
		}
		return fmt.Sprintf("no result (exit %d)", r.RC)
	}
	c := r.Client
	if r.RC != 0 || c.Lost > 0 || c.Mismatched > 0 || c.Errors > 0 || c.Acked == 0 {
		msg := fmt.Sprintf("%d lost, %d mismatched, %d connection errors of %d sent (exit %d)", c.Lost, c.Mismatched, c.Errors, c.Sent, r.RC)
		if c.FirstError != nil {
			msg += ": " + *c.FirstError
		} else if r.Error != "" {
			msg += ": " + r.Error
		}
		return msg
	}
	return ""
}

// metricsReps names the metrics scenario's own count of repetitions, when it differs (reports
// written before it had one say nothing).
func metricsReps(m meta) string {
	if m.MetricsReps == 0 || m.MetricsReps == m.Reps {
		return ""
	}
	return fmt.Sprintf(" (metrics on against off: %d)", m.MetricsReps)
}

func median(values []float64) float64 {
	if len(values) == 0 {
		return math.NaN()
	}
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func render(m meta, records []record, svgPath string) string {
	var out strings.Builder
	w := func(format string, args ...interface{}) { fmt.Fprintf(&out, format, args...) }

	mode := "full run"
	if m.Quick {
		mode = "quick run (smoke check: short, one repetition; not for figures)"
	}
	w("# ackgate against the seed-style Go reference and a plain Netty server — %s, JDK %d\n\n", m.Timestamp, m.JDKMajor)
	w("Measured on this machine at the time: %d cores (%s), load average %s at the start and %s at the end "+
		"(the load generator and the servers share the cores). %s: warm-up %gs, then %gs measured per run; "+
		"ackgate and the references alternate, each repetition starting one side later (A B C, B C A, C A B …), "+
		"%d repetition(s)%s, medians.\n\n",
		m.Cores, m.CPU, m.LoadStart, m.LoadEnd, capitalize(mode), m.WarmupS, m.DurationS, m.Reps, metricsReps(m))
	w("- ackgate: commit %s on %s (%s), JVM flags `%s`, arguments `%s`\n", m.Git, m.JDK, m.ThreadsMode, m.JVMFlags, m.AckgateArgs)
	w("- reference: `bench/reference` (%s), arguments `%s`\n", m.Go, m.ReferenceArgs)
	if m.Netty != "" {
		w("- Netty reference: `bench/netty-reference` (%s, epoll, `-Xmx384m`), arguments `%s`\n", m.Netty, m.NettyArgs)
	}
	w("- load: `ackgate client bench` (socket engine) on %s; every ack checked byte for byte and in order\n", m.ClientJDK)
	if len(m.Skipped) > 0 {
		w("- **not run**: %s\n", strings.Join(m.Skipped, "; "))
	}
	w("- took %.0f s\n\n", m.ElapsedSeconds)

	byScenario := map[string][3][]record{}
	var idle, producer []record
	startup := map[string][]record{}
	var variants []string
	for _, r := range records {
		switch r.Kind {
		case "load":
			sides := byScenario[r.Scenario]
			switch r.Side {
			case "a":
				sides[0] = append(sides[0], r)
			case "c":
				sides[2] = append(sides[2], r)
			default:
				sides[1] = append(sides[1], r)
			}
			byScenario[r.Scenario] = sides
		case "idle":
			idle = append(idle, r)
		case "kafka":
			producer = append(producer, r)
		case "startup":
			if _, seen := startup[r.Variant]; !seen {
				variants = append(variants, r.Variant)
			}
			startup[r.Variant] = append(startup[r.Variant], r)
		}
	}

	w("## Targets (issues 7, 14 and 18)\n\n")
	w("| scenario | measure | ackgate | baseline | Netty | ÷ baseline | ÷ Netty | target | result |\n")
	w("|---|---|--:|--:|--:|--:|--:|---|---|\n")
	var details []detail
	for _, sc := range loadScenarios {
		sides, ran := byScenario[sc.name]
		if !ran {
			continue
		}
		d := detail{sc: sc, a: summarize(sides[0]), b: summarize(sides[1])}
		if len(sides[2]) > 0 {
			c := summarize(sides[2])
			d.c = &c
		}
		details = append(details, d)
		a, b := d.a, d.b
		failed := len(a.failures)+len(b.failures) > 0
		cRate, cP99, target := math.NaN(), math.NaN(), b.rate
		if d.c != nil {
			failed = failed || len(d.c.failures) > 0
			cRate, cP99 = d.c.rate, d.c.p99
		}
		goal := fmt.Sprintf("≥ %.2f×", sc.minRatio)
		if sc.vsNetty {
			target, goal = cRate, fmt.Sprintf("≥ %.2f× Netty", sc.minRatio)
		}
		title := fmt.Sprintf("`%s`: %s (baseline: %s)", sc.name, sc.title, sc.b)
		if sc.minRatio == 0 {
			result := "measured"
			if failed {
				result = verdict(failed, true)
			}
			w("| %s | acks/s | %s | %s | %s | %s | %s | for comparison | %s |\n", title, count(a.rate), count(b.rate),
				count(cRate), times(a.rate/b.rate), times(a.rate/cRate), result)
		} else {
			w("| %s | acks/s | %s | %s | %s | %s | %s | %s | %s |\n", title, count(a.rate), count(b.rate), count(cRate),
				times(a.rate/b.rate), times(a.rate/cRate), goal, verdict(failed, a.rate/target >= sc.minRatio))
		}
		if sc.maxP99Ratio > 0 {
			r99 := a.p99 / b.p99
			w("| | p99 latency | %s | %s | %s | %s | %s | ≤ %.2f× | %s |\n", micros(a.p99), micros(b.p99), micros(cP99),
				times(r99), times(a.p99/cP99), sc.maxP99Ratio, verdict(failed, r99 <= sc.maxP99Ratio))
		}
	}
	idleBy := map[string]record{}
	for _, r := range idle {
		idleBy[r.Server] = r
	}
	if ag, ok := idleBy["ackgate"]; ok {
		ref, refOK := idleBy["reference"]
		agPer, refPer := perConnection(ag), math.NaN()
		if refOK {
			refPer = perConnection(ref)
		}
		failed := idleFailure(ag) != "" || (refOK && idleFailure(ref) != "")
		w("| `idle`: %d idle line connections held | server memory growth per connection | %s | %s | | %s | | ≤ 1.00× | %s |\n",
			ag.Connections, kb(agPer), kb(refPer), times(agPer/refPer), verdict(failed, agPer <= refPer))
		ready := ag.Probe != nil && ag.Probe.OK
		w("| | readiness UP and every other endpoint answering while held | %s | | | | | all answer | %s |\n",
			yesNo(ready), verdict(ag.Probe == nil, ready))
		agOpen, refOpen := openSeconds(ag), math.NaN()
		if refOK {
			refOpen = openSeconds(ref)
		}
		w("| `connects`: opening %d connections, 64 at a time | seconds, fat jar, no cache | %s | %s | | %s | | ≤ 2.00× | %s |\n",
			ag.Connections, num(agOpen, 2), num(refOpen, 2), times(agOpen/refOpen), verdict(failed, agOpen <= 2*refOpen))
		if image, ok := idleBy["ackgate-image"]; ok {
			imageOpen := openSeconds(image)
			w("| | seconds, started as the image starts it (Spring AOT, AOT cache) | %s | %s | | %s | | ≤ 2.00× | %s |\n",
				num(imageOpen, 2), num(refOpen, 2), times(imageOpen/refOpen),
				verdict(idleFailure(image) != "" || (refOK && idleFailure(ref) != ""), imageOpen <= 2*refOpen))
		}
	}
	if len(variants) > 0 {
		best, bestName := math.NaN(), ""
		for _, v := range variants {
			if !isAckgateVariant(v) {
				continue
			}
			if med := startupMedian(startup[v]); !math.IsNaN(med) && (math.IsNaN(best) || med < best) {
				best, bestName = med, v
			}
		}
		target, result := "measure it", "measured"
		if m.JDKMajor >= 25 {
			target = "< 1.5 s with the AOT cache (aim)"
			// The image's start: Spring AOT's definitions on a cache trained that way, where the run
			// has it; reports from before the image used Spring AOT have only the JDK's cache.
			shipped, how := "spring-aot", "as the image starts: Spring AOT + AOT cache"
			if _, ok := startup[shipped]; !ok {
				shipped, how = "aot", "with the AOT cache"
			}
			aot := startupMedian(startup[shipped])
			result = verdict(startupFailed(startup[shipped]), aot < 1500)
			w("| `startup`: launch to every endpoint answering | %s | %s | %s (no cache) | | %s | | %s | %s |\n",
				how, millis(aot), millis(startupMedian(startup["extracted"])), times(aot/startupMedian(startup["extracted"])), target, result)
			if shipped == "spring-aot" {
				if plain := startupMedian(startup["aot"]); !math.IsNaN(plain) {
					w("| | against the same without Spring AOT (AOT cache only) | %s | %s | | %s | | for comparison | measured |\n",
						millis(aot), millis(plain), times(aot/plain))
				}
			}
			// The stack's floor beside it: what the smallest Spring Boot service on the same stack takes,
			// so a reader sees how much of the start is ackgate's own configuration.
			for _, ref := range []string{"spring-reference", "spring-reference-spring-aot"} {
				if floor := startupMedian(startup[ref]); !math.IsNaN(floor) && !math.IsNaN(aot) {
					w("| | against the %s | %s | %s | | %s | | for comparison | measured |\n",
						variantTitle(ref), millis(aot), millis(floor), times(aot/floor))
				}
			}
		} else {
			w("| `startup`: launch to every endpoint answering | fastest (%s) | %s | %s (fat jar) | | %s | | %s | %s |\n",
				bestName, millis(best), millis(startupMedian(startup["jar"])), times(best/startupMedian(startup["jar"])), target, result)
		}
	}
	w("\nRatios are ackgate over the baseline (and over the Netty reference), from the medians. A scenario with any lost or mismatched ack, or a failed run, is FAILED whatever its figures.\n\n")
	if svgPath != "" && len(details) > 0 {
		if err := os.WriteFile(svgPath, []byte(chart(details)), 0o644); err != nil {
			fail(err)
		}
		base := svgPath[strings.LastIndex(svgPath, "/")+1:]
		w("![acks/s and p99 per cell: ackgate, Go reference, Netty reference](%s)\n\n[The chart](%s): acks/s and p99 latency per cell, medians.\n\n", base, base)
	}

	if len(producer) > 0 {
		w("## Kafka producer batching (kafka256)\n\n")
		w("What the broker saw, from the producer's own metrics on `/actuator/prometheus` right after each Kafka run, " +
			"next to that run's acks/s. Records per request and batch size are Kafka's averages per produce request over its " +
			"sample window (about 30 s, so mostly the measured run); its per-second rates (in runs.jsonl) are averaged over " +
			"the whole window, idle time included, so the acks/s is the rate to read.\n\n")
		if m.KafkaWarmupS > 0 {
			w("Before the first repetition, %.0f s of the same 256-connection load went through the Kafka instance, not measured, "+
				"in slices until one ran within 5 %% of the one before (at most 120 s): "+
				"the broker is a JVM started for this run, and a broker in service is warm.\n\n", m.KafkaWarmupS)
		}
		w("| rep | acks/s | records per request | batch size B | note |\n")
		w("|--:|--:|--:|--:|---|\n")
		kafkaRate := map[int]float64{}
		for _, r := range byScenario["kafka256"][0] {
			if r.Client != nil {
				kafkaRate[r.Rep] = r.Client.Rate
			}
		}
		var perRequest []float64
		for _, r := range producer {
			if r.RecordsPerRequest != nil {
				perRequest = append(perRequest, *r.RecordsPerRequest)
			}
			rate, ok := kafkaRate[r.Rep]
			if !ok {
				rate = math.NaN()
			}
			w("| %d | %s | %s | %s | %s |\n", r.Rep, count(rate), optional(r.RecordsPerRequest, 1),
				optional(r.BatchSizeAvg, 0), orDash(r.Error))
		}
		w("\nMedian records per produce request: %s.\n\n", num(median(perRequest), 1))
	}

	if len(details) > 0 {
		w("## Load runs (medians)\n\n")
		w("| scenario | server | acks/s | p50 µs | p99 µs | p99.9 µs | server CPU µs/ack | server cores | client cores | client CPU µs/ack | other processes' cores | server RSS MB | failures |\n")
		w("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
		for _, d := range details {
			for i, s := range d.sides() {
				name := d.name(i)
				w("| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", d.sc.name, name, count(s.rate),
					num(s.p50, 1), num(s.p99, 1), num(s.p999, 1), num(s.cpuPerAck, 1), num(s.serverCores, 2),
					num(s.clientCores, 2), num(s.clientPerAck, 1), num(s.otherCores, 2), num(s.rssMB, 0),
					failureText(s.failures))
			}
		}
		w("\nServer CPU is utime + stime of the server process from `/proc/PID/stat` over the measured window " +
			"(from the end of the warm-up to the client's exit, so connecting and closing are included); cores = CPU " +
			"seconds per second of that window. Client CPU likewise for the load generator. RSS is the largest `VmRSS` " +
			"sampled during the window.\n\n")
		w("### Every run\n\n")
		w("| scenario | rep | server | acks/s | p99 µs | acked | lost | mismatched | server CPU s | client CPU s | window s | exit |\n")
		w("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, d := range details {
			runs := append(append([]record(nil), d.a.runs...), d.b.runs...)
			if d.c != nil {
				runs = append(runs, d.c.runs...)
			}
			sort.SliceStable(runs, func(i, j int) bool {
				if runs[i].Rep != runs[j].Rep {
					return runs[i].Rep < runs[j].Rep
				}
				return runs[i].Side < runs[j].Side
			})
			for _, r := range runs {
				name := d.sc.a
				switch r.Side {
				case "b":
					name = d.sc.b
				case "c":
					name = netty
				}
				if r.Client == nil {
					w("| `%s` | %d | %s | — | — | — | — | — | %s | %s | %s | %d |\n", d.sc.name, r.Rep, name,
						num(r.ServerCPUS, 2), num(r.ClientCPUS, 2), num(r.WindowS, 1), r.RC)
					continue
				}
				c := r.Client
				w("| `%s` | %d | %s | %s | %s | %d | %d | %d | %s | %s | %s | %d |\n", d.sc.name, r.Rep, name,
					count(c.Rate), num(c.P99, 1), c.Acked, c.Lost, c.Mismatched, num(r.ServerCPUS, 2),
					num(r.ClientCPUS, 2), num(r.WindowS, 1), r.RC)
			}
		}
		w("\n")
	}

	if len(idle) > 0 {
		w("## Idle connections\n\n")
		w("| server | held | opened in | RSS before MB | RSS held MB | growth per connection | served after the hold | endpoints while held | failure |\n")
		w("|---|--:|--:|--:|--:|--:|--:|---|---|\n")
		for _, r := range idle {
			opened, served := "—", "—"
			if r.Open != nil {
				opened = fmt.Sprintf("%.2f s", r.Open.OpenSeconds)
			}
			if r.Done != nil {
				served = fmt.Sprintf("%d of %d", r.Done.Served, r.Done.Served+r.Done.Lost)
			}
			server := r.Server
			if server == "ackgate-image" {
				server = "ackgate, started as the image starts it"
			}
			w("| %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", server, r.Connections, opened,
				num(r.RSSBeforeKB/1024, 1), num(r.RSSHeldKB/1024, 1), kb(perConnection(r)), served,
				probeText(r.Probe), orDash(idleFailure(r)))
		}
		w("\nGrowth per connection = (VmRSS with every connection open and settled − VmRSS before) / connections. " +
			"Served after the hold: each held connection sent one line and got its exact ack.\n\n")
	}

	if len(variants) > 0 {
		w("## Startup: launch to every endpoint answering\n\n")
		w("| variant | launches | every endpoint (median) | first endpoint | readiness UP | RSS when ready MB | each launch, ms |\n")
		w("|---|--:|--:|--:|--:|--:|---|\n")
		for _, v := range variants {
			runs := startup[v]
			var all, first, ready, rss []float64
			var each []string
			for _, r := range runs {
				if r.Probe == nil || !r.Probe.OK || r.Probe.All == nil {
					each = append(each, "failed")
					continue
				}
				p := r.Probe
				all = append(all, *p.All)
				first = append(first, minOf(p.Line, p.Framed, p.Time, p.UDP))
				if p.HTTP != nil {
					ready = append(ready, *p.HTTP)
				}
				rss = append(rss, r.RSSReadyKB/1024)
				each = append(each, fmt.Sprintf("%.0f", *p.All))
			}
			w("| %s | %d | %s | %s | %s | %s | %s |\n", variantTitle(v), len(runs), millis(median(all)),
				millis(median(first)), millis(median(ready)), num(median(rss), 0), strings.Join(each, ", "))
		}
		w("\nFrom the launch of `java` (or the reference binary) to the moment every endpoint gave its protocol's " +
			"answer: a line ack, a framed ack, a time on connect, a UDP time, and `/actuator/health/readiness` UP.")
		for _, v := range variants {
			if strings.HasPrefix(v, "spring-reference") {
				w(springReferenceNote)
				break
			}
		}
		w("\n")
	}
	return out.String()
}

const springReferenceNote = " The Spring Boot reference (bench/spring-reference) is the smallest service on ackgate's stack " +
	"(same Boot, Spring Integration, web and Actuator starters) with a line ack, a UDP time and readiness UP, " +
	"started as ackgate's best variant is: the floor of a start on this stack. On JDK 25 it is also started with " +
	"Spring AOT (bean definitions generated as code at build time by `process-aot`, used with " +
	"`-Dspring.aot.enabled=true`) on an AOT cache trained that way by a start that serves once, as ackgate's " +
	"spring-aot variant, which is how ackgate's image starts: the lower floor, comparable with it."

func variantTitle(v string) string {
	switch v {
	case "jar":
		return "`java -jar ackgate.jar` (fat jar)"
	case "extracted":
		return "extracted (`-Djarmode=tools … extract`), no cache"
	case "aot":
		return "extracted + AOT cache (`-XX:AOTCache`)"
	case "spring-aot":
		return "extracted + Spring AOT (`-Dspring.aot.enabled=true`) + AOT cache trained so, serving once: the image's start"
	case "aot-trained":
		return "extracted + AOT cache trained with traffic (method profiles of the hot paths)"
	case "cds":
		return "extracted + CDS archive (`-XX:SharedArchiveFile`)"
	case "reference":
		return "Go reference (line + UDP only)"
	case "spring-reference":
		return "Spring Boot reference: TCP gateway + UDP adapter + actuator, AOT cache"
	case "spring-reference-cds":
		return "Spring Boot reference: TCP gateway + UDP adapter + actuator, CDS archive"
	case "spring-reference-spring-aot":
		return "Spring Boot reference: TCP gateway + UDP adapter + actuator, Spring AOT (`process-aot`) + AOT cache trained so, serving once"
	}
	return v
}

// isAckgateVariant tells ackgate's own launches from the references beside them (the Go server, the
// minimal Spring Boot service), which no ackgate figure is picked from.
func isAckgateVariant(v string) bool {
	return v != "reference" && !strings.HasPrefix(v, "spring-reference")
}

func startupMedian(runs []record) float64 {
	var all []float64
	for _, r := range runs {
		if r.Probe != nil && r.Probe.OK && r.Probe.All != nil {
			all = append(all, *r.Probe.All)
		}
	}
	return median(all)
}

func startupFailed(runs []record) bool {
	if len(runs) == 0 {
		return true
	}
	for _, r := range runs {
		if r.Probe == nil || !r.Probe.OK {
			return true
		}
	}
	return false
}

// detail is one load scenario's medians: ackgate (a), the baseline (b), the Netty reference (c) if it ran.
type detail struct {
	sc   scenario
	a, b side
	c    *side
}

func (d detail) sides() []side {
	if d.c == nil {
		return []side{d.a, d.b}
	}
	return []side{d.a, d.b, *d.c}
}

func (d detail) name(i int) string {
	return [...]string{d.sc.a, d.sc.b, netty}[i]
}

func openSeconds(r record) float64 {
	if r.Open == nil || r.Open.Failed > 0 {
		return math.NaN()
	}
	return r.Open.OpenSeconds
}

func perConnection(r record) float64 {
	if r.Connections == 0 || r.RSSHeldKB == 0 {
		return math.NaN()
	}
	return (r.RSSHeldKB - r.RSSBeforeKB) / float64(r.Connections)
}

func idleFailure(r record) string {
	switch {
	case r.Error != "":
		return r.Error
	case r.Open == nil:
		return "the holder did not report its connections open"
	case r.Open.Failed > 0:
		return fmt.Sprintf("%d connections could not be opened: %s", r.Open.Failed, deref(r.Open.FirstError))
	case r.Probe != nil && !r.Probe.OK:
		return "endpoints while held: " + r.Probe.Error
	case r.Done == nil:
		return "the holder did not finish"
	case r.Done.Lost > 0:
		return fmt.Sprintf("%d held connections not served: %s", r.Done.Lost, deref(r.Done.FirstError))
	}
	return ""
}

func probeText(p *probeResult) string {
	if p == nil {
		return "—"
	}
	if !p.OK {
		return "FAILED: " + p.Error
	}
	var parts []string
	for _, e := range []struct {
		name string
		v    *float64
	}{{"line", p.Line}, {"framed", p.Framed}, {"time", p.Time}, {"udp", p.UDP}, {"readiness", p.HTTP}} {
		if e.v != nil {
			parts = append(parts, fmt.Sprintf("%s %.0f ms", e.name, *e.v))
		}
	}
	return "all answered (" + strings.Join(parts, ", ") + ")"
}

func failureText(failures []string) string {
	if len(failures) == 0 {
		return "none"
	}
	return "**" + strings.Join(failures, "; ") + "**"
}

func verdict(failed, met bool) string {
	switch {
	case failed:
		anyFailed = true
		return "**FAILED**"
	case met:
		return "met"
	}
	return "**not met**"
}

func minOf(values ...*float64) float64 {
	best := math.NaN()
	for _, v := range values {
		if v != nil && (math.IsNaN(best) || *v < best) {
			best = *v
		}
	}
	return best
}

func optional(v *float64, decimals int) string {
	if v == nil {
		return "—"
	}
	return num(*v, decimals)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func orDash(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func count(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	s := fmt.Sprintf("%.0f", v)
	var out []byte
	for i, c := range []byte(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, c)
	}
	return string(out)
}

func num(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return fmt.Sprintf("%.*f", decimals, v)
}

func times(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return fmt.Sprintf("%.2f×", v)
}

func micros(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	if v >= 1000 {
		return fmt.Sprintf("%.2f ms", v/1000)
	}
	return fmt.Sprintf("%.0f µs", v)
}

func millis(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.2f s", v/1000)
}

func kb(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.1f KiB", v)
}
