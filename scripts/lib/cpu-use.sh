# Sourced by scripts/bench and scripts/bench-reports: how much CPU the rest of a shared machine
# used while a case ran, so that figures taken on a busy machine can be told apart.
#
# Needs, from the script that sources it: `tmp` (a scratch folder), `hz` (clock ticks per
# second, getconf CLK_TCK) and a function `own_pids` printing the PIDs whose CPU time is the
# measurement's own (a server, PostgreSQL), besides this shell's children, which count as its own.

# Busy and steal clock ticks of the whole machine: "BUSY STEAL".
machine_ticks() {
  local _cpu user nice system _idle _iowait irq softirq steal _rest
  read -r _cpu user nice system _idle _iowait irq softirq steal _rest </proc/stat
  echo "$((user + nice + system + irq + softirq)) $steal"
}

# User+system clock ticks of the given processes (each with all its threads) and of their
# children that have ended (PostgreSQL's backends end with pgbench's connections, say).
process_ticks() {
  local sum=0 pid stat
  local -a f
  for pid in "$@"; do
    read -r stat 2>/dev/null <"/proc/$pid/stat" || continue
    read -r -a f <<<"${stat##*) }"  # after "(comm) ": f[0] is field 3; utime stime cutime cstime: 14-17
    sum=$((sum + f[11] + f[12] + f[13] + f[14]))
  done
  echo "$sum"
}

# Clock ticks used by this shell's children that have ended (the client, sqlite3, pgbench): from
# `times`, which must run in this shell (not in a $(...) subshell), so it sets children instead
# of printing.
children_ticks() {
  times >"$tmp/times"
  children=$(awk -v hz="$hz" 'NR == 2 {
      t = 0
      for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); t += p[1] * 60 + p[2] }
      printf "%d\n", t * hz + 0.5
    }' "$tmp/times")
}

# measure_start / measure_end around a case: sets other_cpus (CPUs' worth of time that other
# processes used), steal_cpus and load1 (the 1-minute load average before the case).
measure_start() {
  read -r load1 _ </proc/loadavg
  read -r m_busy0 m_steal0 < <(machine_ticks)
  # shellcheck disable=SC2046
  m_own0=$(process_ticks $(own_pids))
  children_ticks
  m_children0=$children
  m_time0=$(date +%s%N)
}
measure_end() {
  local busy steal own children time
  time=$(date +%s%N)
  read -r busy steal < <(machine_ticks)
  # shellcheck disable=SC2046
  own=$(process_ticks $(own_pids))
  children_ticks
  read -r other_cpus steal_cpus < <(awk -v b="$((busy - m_busy0))" -v s="$((steal - m_steal0))" \
    -v o="$((own - m_own0 + children - m_children0))" -v ns="$((time - m_time0))" -v hz="$hz" \
    'BEGIN { w = ns / 1e9; x = (b - o) / hz / w; if (x < 0) x = 0; printf "%.2f %.2f\n", x, s / hz / w }')
}
