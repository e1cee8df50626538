#!/bin/sh
# The .deb, for real: cpack builds it from BUILD, apt-get installs it, and the
# installed efiresv-collect and efiresv-audit run from /usr/sbin on this
# machine: a snapshot is collected and audited, the completion and man page
# are where bash and man look, the control file declares libarchive (opened
# at run time, so dpkg-shlibdeps cannot see it). Run as root (CI is).
set -eu
build=$(cd "${1:?usage: test-package.sh BUILD}" && pwd)
pass=0
fail=0
check() {
	what=$1
	shift
	if "$@" >/dev/null 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $what"
	fi
}
rm -f "$build"/efiresv-audit_*.deb
(cd "$build" && cpack -G DEB >/dev/null 2>&1)
deb=$(ls "$build"/efiresv-audit_*.deb)
check "the .deb was built" test -f "$deb"
check "the control file declares libarchive13" \
	sh -c "dpkg-deb -f '$deb' Depends | grep -q libarchive13"
check "the control file declares libsmartcols1" \
	sh -c "dpkg-deb -f '$deb' Depends | grep -q libsmartcols1"
check "the control file declares json-c, efivar, fdt and zlib" \
	sh -c "dpkg-deb -f '$deb' Depends | grep libjson-c | grep libefivar | grep libfdt | grep -q zlib1g"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --reinstall "$deb" >/dev/null 2>&1
check "installed: /usr/sbin/efiresv-audit" test -x /usr/sbin/efiresv-audit
check "installed: /usr/sbin/efiresv-collect" test -x /usr/sbin/efiresv-collect
check "installed: the man page" test -f /usr/share/man/man8/efiresv-audit.8
check "installed: the schemas" \
	test -f /usr/share/efiresv-audit/efiresv-audit.schema.json \
	-a -f /usr/share/efiresv-audit/efiresv-audit-diff.schema.json \
	-a -f /usr/share/efiresv-audit/efiresv-audit-corpus.schema.json
comp=/usr/share/bash-completion/completions/efiresv-audit
check "installed: the bash completion, valid bash" bash -n "$comp"
check "the completion completes --loader's values" bash -c \
	". $comp; COMP_WORDS=(efiresv-audit --loader kexec_f); COMP_CWORD=2; _efiresv_audit; test \"\${COMPREPLY[*]}\" = kexec_file_load"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the installed collector finds the installed audit in PATH
check "efiresv-collect writes a snapshot" \
	env PATH=/usr/sbin:/usr/bin:/sbin:/bin efiresv-collect -o "$work/snap"
check "the snapshot has its MANIFEST" test -f "$work/snap/MANIFEST"
rc=0
/usr/sbin/efiresv-audit --snapshot "$work/snap" --json >"$work/r.json" || rc=$?
check "the installed efiresv-audit audits it (exit $rc)" test "$rc" -le 2
check "its JSON is valid" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$work/r.json"
check "the version it prints" sh -c "/usr/sbin/efiresv-audit -V | grep -q '^efiresv-audit '"
echo "package: $pass passed, $fail failed"
test "$fail" -eq 0
