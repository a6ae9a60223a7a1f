#!/bin/bash
#
# A regression script in the IBM TSS's style (every TPM step a
# "${PREFIX}utility flags" line), for NV, PCRs and policies: it defines NV
# indexes of every type (ordinary, counter, bits, extend, PIN pass, PIN fail)
# and checks what each holds, extends and resets a PCR and checks its value,
# builds a policy offline with policymakerpcr and policymaker (PolicyPCR then
# PolicyCommandCode(NV_Read)), gates an NV index with it, satisfies it with a
# policy session, and sees it fail once the PCR moves.
#
# Runs unchanged with PREFIX="tss " (our dispatcher), PREFIX=tss (the
# tss<utility> commands first on PATH: ours, or Debian's IBM utilities).
#
# Needs: a TPM (TPM_INTERFACE_TYPE etc., as the utilities read them) with
# owner authorization empty and the NV indexes 01000001..01000006 free, an
# empty working directory, xxd and sha256sum. Exit status 0 when every step passed.

PREFIX=${PREFIX-"tss "}
STEP=0

checkSuccess() {
    STEP=$((STEP + 1))
    if [ "$1" -ne 0 ]; then
        echo " FAILED step ${STEP} (exit $1):"
        cat run.out
        exit 255
    fi
    echo " ok"
}

checkFailure() {
    STEP=$((STEP + 1))
    if [ "$1" -eq 0 ]; then
        echo " FAILED step ${STEP}: succeeded but should have failed"
        cat run.out
        exit 255
    fi
    echo " ok (failed as it should)"
}

# Two files with the same bytes.
checkSame() {
    cmp -s "$1" "$2"
    checkSuccess $?
}

# A file's bytes as lowercase hex on one line.
hexOf() {
    xxd -p "$1" | tr -d '\n'
}

echo ""
echo "NV indexes of every type"
echo ""

echo -n "Define an ordinary index with a password"
${PREFIX}nvdefinespace -hi o -ha 01000001 -pwdn nnn -sz 16 > run.out
checkSuccess $?

echo -n "Write a string to it"
${PREFIX}nvwrite -ha 01000001 -pwdn nnn -ic "ordinary data 16" > run.out
checkSuccess $?

echo -n "Read it back"
${PREFIX}nvread -ha 01000001 -pwdn nnn -sz 16 -of ordinary.bin > run.out
checkSuccess $?

echo -n "It holds the string"
echo -n "ordinary data 16" > ordinary-expected.bin
checkSame ordinary.bin ordinary-expected.bin

echo -n "Reading with the wrong password fails"
${PREFIX}nvread -ha 01000001 -pwdn xxx -sz 16 > run.out
checkFailure $?

echo -n "Define a counter index"
${PREFIX}nvdefinespace -hi o -ha 01000002 -pwdn nnn -ty c > run.out
checkSuccess $?

echo -n "Increment it"
${PREFIX}nvincrement -ha 01000002 -pwdn nnn > run.out
checkSuccess $?

echo -n "Read the counter"
${PREFIX}nvread -ha 01000002 -pwdn nnn -sz 8 -of counter1.bin > run.out
checkSuccess $?

echo -n "Increment it again"
${PREFIX}nvincrement -ha 01000002 -pwdn nnn > run.out
checkSuccess $?

echo -n "Read the counter again"
${PREFIX}nvread -ha 01000002 -pwdn nnn -sz 8 -of counter2.bin > run.out
checkSuccess $?

echo -n "The counter moved by one"
[ $((16#$(hexOf counter2.bin))) -eq $((16#$(hexOf counter1.bin) + 1)) ]
checkSuccess $?

echo -n "Define a bit field index"
${PREFIX}nvdefinespace -hi o -ha 01000003 -pwdn nnn -ty b > run.out
checkSuccess $?

echo -n "Set bits 0, 5 and 63"
${PREFIX}nvsetbits -ha 01000003 -pwdn nnn -bit 0 -bit 5 -bit 63 > run.out
checkSuccess $?

echo -n "Read the bit field"
${PREFIX}nvread -ha 01000003 -pwdn nnn -sz 8 -of bits.bin > run.out
checkSuccess $?

echo -n "It is 8000000000000021"
[ "$(hexOf bits.bin)" = "8000000000000021" ]
checkSuccess $?

echo -n "Define an extend index (SHA-256)"
${PREFIX}nvdefinespace -hi o -ha 01000004 -pwdn nnn -ty e -nalg sha256 > run.out
checkSuccess $?

echo -n "Extend it with a string"
${PREFIX}nvextend -ha 01000004 -pwdn nnn -ic "extended" > run.out
checkSuccess $?

echo -n "Read the extend index"
${PREFIX}nvread -ha 01000004 -pwdn nnn -sz 32 -of extend.bin > run.out
checkSuccess $?

echo -n "It is SHA-256(32 zero bytes || data)"
(head -c 32 /dev/zero; echo -n "extended") | sha256sum | cut -c1-64 | xxd -r -p > extend-expected.bin
checkSame extend.bin extend-expected.bin

echo -n "Define a PIN pass index (written by the owner, read with the PIN)"
${PREFIX}nvdefinespace -hi o -ha 01000005 -pwdn pin -hia o -ty p > run.out
checkSuccess $?

echo -n "The owner writes pinCount 0, pinLimit 2"
${PREFIX}nvwrite -ha 01000005 -hia o -id 0 2 > run.out
checkSuccess $?

echo -n "The PIN authorizes a read (1 of 2)"
${PREFIX}nvread -ha 01000005 -pwdn pin -sz 8 -of pinpass1.bin > run.out
checkSuccess $?

echo -n "The PIN authorizes a read (2 of 2)"
${PREFIX}nvread -ha 01000005 -pwdn pin -sz 8 -of pinpass2.bin > run.out
checkSuccess $?

echo -n "The PIN is used up: a third read fails"
${PREFIX}nvread -ha 01000005 -pwdn pin -sz 8 > run.out
checkFailure $?

echo -n "The owner reads pinCount 2, pinLimit 2"
${PREFIX}nvread -ha 01000005 -hia o -sz 8 -of pinpass3.bin > run.out
checkSuccess $?
[ "$(hexOf pinpass3.bin)" = "0000000200000002" ]
checkSuccess $?

echo -n "Define a PIN fail index"
${PREFIX}nvdefinespace -hi o -ha 01000006 -pwdn pin -hia o -ty f > run.out
checkSuccess $?

echo -n "The owner writes pinCount 0, pinLimit 1"
${PREFIX}nvwrite -ha 01000006 -hia o -id 0 1 > run.out
checkSuccess $?

echo -n "The right PIN authorizes a read"
${PREFIX}nvread -ha 01000006 -pwdn pin -sz 8 > run.out
checkSuccess $?

echo -n "A wrong PIN fails and counts"
${PREFIX}nvread -ha 01000006 -pwdn nip -sz 8 > run.out
checkFailure $?

echo -n "Now even the right PIN fails (pinCount reached pinLimit)"
${PREFIX}nvread -ha 01000006 -pwdn pin -sz 8 > run.out
checkFailure $?

echo -n "The owner reads pinCount 1, pinLimit 1"
${PREFIX}nvread -ha 01000006 -hia o -sz 8 -of pinfail.bin > run.out
checkSuccess $?
[ "$(hexOf pinfail.bin)" = "0000000100000001" ]
checkSuccess $?

echo -n "Undefine the PIN indexes"
${PREFIX}nvundefinespace -hi o -ha 01000005 > run.out && ${PREFIX}nvundefinespace -hi o -ha 01000006 > run.out
checkSuccess $?

echo ""
echo "PCRs"
echo ""

echo -n "Reset PCR 16"
${PREFIX}pcrreset -ha 16 > run.out
checkSuccess $?

echo -n "Extend PCR 16 with a string (SHA-256 bank)"
${PREFIX}pcrextend -ha 16 -halg sha256 -ic "measurement" > run.out
checkSuccess $?

echo -n "Read PCR 16"
${PREFIX}pcrread -ha 16 -halg sha256 -of pcr16.bin > run.out
checkSuccess $?

echo -n "It is SHA-256(32 zero bytes || the string zero-padded to 32 bytes)"
(head -c 32 /dev/zero; echo -n "measurement"; head -c 21 /dev/zero) | sha256sum | cut -c1-64 | xxd -r -p > pcr16-expected.bin
checkSame pcr16.bin pcr16-expected.bin

echo ""
echo "A policy built offline and satisfied"
echo ""

echo -n "policymakerpcr: the PolicyPCR term for PCR 16's value"
hexOf pcr16.bin > pcrvalues.txt
echo "" >> pcrvalues.txt
${PREFIX}policymakerpcr -halg sha256 -bm 010000 -if pcrvalues.txt -pr > policypcr-line.txt
checkSuccess $?
grep -v "^ *$" policypcr-line.txt | tail -1 | tr -d ' \r' > policy-steps.txt

echo -n "policymaker: PolicyPCR then PolicyCommandCode(NV_Read)"
echo "0000016c0000014e" >> policy-steps.txt
${PREFIX}policymaker -halg sha256 -if policy-steps.txt -of policy.bin -pr > run.out
checkSuccess $?

echo -n "Define an index the owner writes and the policy reads"
${PREFIX}nvdefinespace -hi o -ha 01000007 -sz 8 -pol policy.bin +at ow -at ar -at aw > run.out
checkSuccess $?

echo -n "The owner writes it"
${PREFIX}nvwrite -ha 01000007 -hia o -ic "gated!!!" > run.out
checkSuccess $?

echo -n "Start a policy session"
${PREFIX}startauthsession -se p > run.out
checkSuccess $?
SESSION=$(grep -o "0[23][0-9a-f]\{6\}" run.out | head -1)

echo -n "PolicyPCR on PCR 16"
${PREFIX}policypcr -ha ${SESSION} -halg sha256 -bm 010000 > run.out
checkSuccess $?

echo -n "PolicyCommandCode NV_Read"
${PREFIX}policycommandcode -ha ${SESSION} -cc 0000014e > run.out
checkSuccess $?

echo -n "The session's digest is the one policymaker built"
${PREFIX}policygetdigest -ha ${SESSION} -of session-digest.bin > run.out
checkSuccess $?
checkSame session-digest.bin policy.bin

echo -n "The policy session reads the index"
${PREFIX}nvread -ha 01000007 -sz 8 -of gated.bin -se0 ${SESSION} 0 > run.out
checkSuccess $?
echo -n "gated!!!" > gated-expected.bin
checkSame gated.bin gated-expected.bin

echo -n "Extend PCR 16 again: the policy no longer holds"
${PREFIX}pcrextend -ha 16 -halg sha256 -ic "tampered" > run.out
checkSuccess $?

echo -n "Start another policy session"
${PREFIX}startauthsession -se p > run.out
checkSuccess $?
SESSION=$(grep -o "0[23][0-9a-f]\{6\}" run.out | head -1)

echo -n "PolicyPCR and PolicyCommandCode with the new PCR value"
${PREFIX}policypcr -ha ${SESSION} -halg sha256 -bm 010000 > run.out && ${PREFIX}policycommandcode -ha ${SESSION} -cc 0000014e > run.out
checkSuccess $?

echo -n "The read is refused"
${PREFIX}nvread -ha 01000007 -sz 8 -se0 ${SESSION} 0 > run.out
checkFailure $?

echo -n "Flush the session and undefine the indexes"
${PREFIX}flushcontext -ha ${SESSION} > run.out
for h in 01000001 01000002 01000003 01000004 01000007; do
    ${PREFIX}nvundefinespace -hi o -ha $h >> run.out || exit 255
done
checkSuccess $?

echo ""
echo "Success: ${STEP} steps"
