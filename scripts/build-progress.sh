# Sourced by ./hubkeep: show_progress LOG turns the output of its Maven build into progress.
# $started (bash's $SECONDS when the build began) dates each module.

# Maven's output, shown as one line per module ("[4/4] Hubkeep server (12 s)") and a dot per
# dependency downloaded, so a first build (about a minute) visibly moves; all of it goes to the
# log file $1 for when the build fails.
show_progress() {
  local line dots=0 module='^\[INFO\] Building (.+) [0-9][^ ]* +\[([0-9]+/[0-9]+)\]$'
  while IFS= read -r line; do
    printf '%s\n' "$line" >>"$1"
    if [[ $line =~ $module ]]; then
      if ((dots)); then echo; dots=0; fi
      echo "  [${BASH_REMATCH[2]}] ${BASH_REMATCH[1]} ($((SECONDS - started)) s)"
    elif [[ $line == "[INFO] Downloaded from "* ]]; then
      printf .
      dots=1
    fi
  done
  if ((dots)); then echo; fi
}
