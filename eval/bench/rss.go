package bench

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
)

// settle returns the memory the process no longer uses to the system and
// restarts its peak resident set (VmHWM) from what it holds now, so that a
// peak read after measures what came after alone.
func settle() {
	runtime.GC()
	debug.FreeOSMemory()
	resetPeakRSS()
}

// resetPeakRSS makes the kernel restart the process's peak resident set
// (VmHWM) from its current size. It does nothing where /proc is absent.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// procStatus reads a memory figure, such as "VmHWM" (peak resident set),
// from /proc/self/status in bytes; 0 where that file does not exist.
func procStatus(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, key+":") {
			continue
		}
		fields := strings.Fields(line[len(key)+1:])
		if len(fields) == 0 {
			return 0
		}
		kb, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0
		}
		return kb * 1024
	}
	return 0
}

// loadAverage is the system's load averages over 1, 5 and 15 minutes
// (/proc/loadavg), "" where that file does not exist: other processes
// that share the CPUs slow the bench down.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

// dirSize is the total size of the files under path.
func dirSize(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			n += info.Size()
		}
		return nil
	})
	return n
}
