#!/bin/bash
#
# A regression script in the IBM TSS's style: every TPM step is a
# "${PREFIX}utility flags" line, so the same script runs with PREFIX="tss "
# (our dispatcher), PREFIX=tss (the tss<utility> commands, ours or IBM's,
# whichever comes first on PATH) or PREFIX=./ (a build tree of IBM's).
#
# It builds the key set the IBM regression starts from - storage, signing and
# decryption keys under an RSA and an ECC primary, with policies, creation
# tickets, creation hashes and creation data - and then uses every key:
# creation certified against its ticket, signatures verified by the TPM and by
# openssl, encryption round trips, sealed data, contexts, a password change,
# persistence, and a PEM key imported.
#
# Needs: a TPM (TPM_INTERFACE_TYPE etc., as the utilities read them) with no
# transient objects loaded, and an empty working directory. Exit status 0 when
# every step passed.

PREFIX=${PREFIX-"tss "}
STEP=0

# Each step's output goes to run.out; a failing step prints it and ends the script.
checkSuccess() {
    STEP=$((STEP + 1))
    if [ "$1" -ne 0 ]; then
        echo " FAILED step ${STEP} (exit $1):"
        cat run.out
        exit 255
    fi
    echo " ok"
}

# A step that must fail (a wrong password, a flushed handle).
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

echo -n "1234567890123456" > msg.bin
head -c 32 /dev/zero > zerosha256.bin
# PolicyCommandCode(TPM_CC_Create) then PolicyAuthValue, from an empty SHA-256 policy.
echo -n "4b5004f73f2ef8c096c918d0bc180e6b490c8aed14bb8f86fc5a54ef0cd39044" | xxd -r -p > policycccreate-auth.bin

echo ""
echo "RSA primary and its keys"
echo ""

echo -n "Create the RSA storage primary key in the platform hierarchy, with a policy, ticket, hash and creation data"
${PREFIX}createprimary -hi p -pwdk sto -pol zerosha256.bin -tk pritk.bin -ch prich.bin -cd pricd.bin -opu pripub.bin > run.out
checkSuccess $?
grep -q "Handle 80000000" run.out
checkSuccess $?

echo -n "The creation hash is the SHA-256 of the creation data"
sha256sum < pricd.bin | cut -c1-64 | xxd -r -p > prich2.bin
checkSame prich.bin prich2.bin

echo -n "Create an RSA 2048 storage key with a policy, ticket, hash and creation data"
${PREFIX}create -hp 80000000 -rsa 2048 -halg sha256 -st -kt f -kt p -pol policycccreate-auth.bin -opr storersa2048priv.bin -opu storersa2048pub.bin -tk storersa2048tk.bin -ch storersa2048ch.bin -cd storersa2048cd.bin -pwdp sto -pwdk sto > run.out
checkSuccess $?

echo -n "Create an RSA 2048 unrestricted signing key with its PEM"
${PREFIX}create -hp 80000000 -rsa 2048 -halg sha256 -si -kt f -kt p -opr signrsa2048priv.bin -opu signrsa2048pub.bin -opem signrsa2048pub.pem -pwdp sto -pwdk sig > run.out
checkSuccess $?

echo -n "Create an RSA 2048 restricted signing key"
${PREFIX}create -hp 80000000 -rsa 2048 -halg sha256 -sir -kt f -kt p -opr signrsa2048rpriv.bin -opu signrsa2048rpub.bin -opem signrsa2048rpub.pem -pwdp sto -pwdk sig > run.out
checkSuccess $?

echo -n "Create an RSA 2048 OAEP decryption key"
${PREFIX}create -hp 80000000 -rsa 2048 -deo -kt f -kt p -opr decrsa2048priv.bin -opu decrsa2048pub.bin -pwdp sto -pwdk dec > run.out
checkSuccess $?

echo -n "Create an AES symmetric cipher key, and a keyed hash key"
${PREFIX}create -hp 80000000 -des -kt f -kt p -opr despriv.bin -opu despub.bin -pwdp sto -pwdk aes > run.out
checkSuccess $?
${PREFIX}create -hp 80000000 -kh -kt f -kt p -opr khpriv.bin -opu khpub.bin -pwdp sto -pwdk khk -halg sha256 > run.out
checkSuccess $?

echo -n "Create a sealed data object"
${PREFIX}create -hp 80000000 -bl -if msg.bin -opr sealpriv.bin -opu sealpub.bin -pwdp sto -pwdk seal > run.out
checkSuccess $?

echo -n "Load the storage key 80000001 and the signing key 80000002"
${PREFIX}load -hp 80000000 -ipr storersa2048priv.bin -ipu storersa2048pub.bin -pwdp sto > run.out
checkSuccess $?
${PREFIX}load -hp 80000000 -ipr signrsa2048priv.bin -ipu signrsa2048pub.bin -pwdp sto > run.out
checkSuccess $?

echo -n "Certify the storage key's creation with its ticket and creation hash"
${PREFIX}certifycreation -ho 80000001 -hk 80000002 -pwdk sig -tk storersa2048tk.bin -ch storersa2048ch.bin -os tmpsig.bin -oa tmpattest.bin > run.out
checkSuccess $?

echo -n "A wrong creation hash does not certify"
${PREFIX}certifycreation -ho 80000001 -hk 80000002 -pwdk sig -tk storersa2048tk.bin -ch prich.bin > run.out
checkFailure $?

echo -n "Sign with the signing key, and verify with the TPM"
${PREFIX}sign -hk 80000002 -pwdk sig -halg sha256 -if msg.bin -os sig.bin > run.out
checkSuccess $?
${PREFIX}verifysignature -hk 80000002 -halg sha256 -if msg.bin -is sig.bin > run.out
checkSuccess $?

echo -n "A wrong password does not sign"
${PREFIX}sign -hk 80000002 -pwdk xxx -halg sha256 -if msg.bin -os sig.bin > run.out
checkFailure $?

echo -n "Save the signing key's context, flush it, load the context, sign again"
${PREFIX}contextsave -ha 80000002 -of tmpctx.bin > run.out
checkSuccess $?
${PREFIX}flushcontext -ha 80000002 > run.out
checkSuccess $?
${PREFIX}sign -hk 80000002 -pwdk sig -if msg.bin -os sig.bin > run.out
checkFailure $?
${PREFIX}contextload -if tmpctx.bin > run.out
checkSuccess $?
${PREFIX}sign -hk 80000002 -pwdk sig -if msg.bin -os sig.bin > run.out
checkSuccess $?

echo -n "Change the signing key's password; the new private area loads and signs with it"
${PREFIX}objectchangeauth -hp 80000000 -ho 80000002 -pwdo sig -pwdn newsig -opr signrsa2048priv2.bin > run.out
checkSuccess $?
${PREFIX}flushcontext -ha 80000002 > run.out
checkSuccess $?
${PREFIX}load -hp 80000000 -ipr signrsa2048priv2.bin -ipu signrsa2048pub.bin -pwdp sto > run.out
checkSuccess $?
${PREFIX}sign -hk 80000002 -pwdk newsig -if msg.bin -os sig.bin > run.out
checkSuccess $?
${PREFIX}flushcontext -ha 80000002 > run.out
checkSuccess $?
${PREFIX}flushcontext -ha 80000001 > run.out
checkSuccess $?

echo -n "Encrypt with the decryption key's public part, decrypt with the key"
${PREFIX}load -hp 80000000 -ipr decrsa2048priv.bin -ipu decrsa2048pub.bin -pwdp sto > run.out
checkSuccess $?
${PREFIX}rsaencrypt -hk 80000001 -id msg.bin -oe enc.bin > run.out
checkSuccess $?
${PREFIX}rsadecrypt -hk 80000001 -pwdk dec -ie enc.bin -od dec.bin > run.out
checkSuccess $?
checkSame msg.bin dec.bin
${PREFIX}flushcontext -ha 80000001 > run.out
checkSuccess $?

echo -n "Unseal the sealed data object"
${PREFIX}load -hp 80000000 -ipr sealpriv.bin -ipu sealpub.bin -pwdp sto > run.out
checkSuccess $?
${PREFIX}unseal -ha 80000001 -pwd seal -of unsealed.bin > run.out
checkSuccess $?
checkSame msg.bin unsealed.bin
${PREFIX}flushcontext -ha 80000001 > run.out
checkSuccess $?

echo -n "The Name readpublic reports is the one publicname computes"
${PREFIX}readpublic -ho 80000000 -ns > run.out
checkSuccess $?
tail -n 1 run.out > name1.txt
${PREFIX}publicname -ipu pripub.bin -ns > run.out
checkSuccess $?
tr 'A-F' 'a-f' < run.out > name2.txt
checkSame name1.txt name2.txt

echo -n "Make the primary persistent at 81800000, use it there, evict it"
${PREFIX}evictcontrol -hi p -ho 80000000 -hp 81800000 > run.out
checkSuccess $?
${PREFIX}load -hp 81800000 -ipr signrsa2048rpriv.bin -ipu signrsa2048rpub.bin -pwdp sto > run.out
checkSuccess $?
# The TPM loads the persistent parent into a transient slot while it works, so take the handle it printed.
KEY=$(awk '/^Handle/ {print $2}' run.out)
${PREFIX}flushcontext -ha ${KEY} > run.out
checkSuccess $?
${PREFIX}evictcontrol -hi p -ho 81800000 -hp 81800000 > run.out
checkSuccess $?
${PREFIX}flushcontext -ha 80000000 > run.out
checkSuccess $?

echo ""
echo "ECC primary and its keys"
echo ""

echo -n "Create the ECC NIST P-256 storage primary key in the owner hierarchy, with a ticket, hash and creation data"
${PREFIX}createprimary -hi o -ecc nistp256 -pwdk sto -tk pritkecc.bin -ch prichecc.bin -cd pricdecc.bin -opem priecc.pem > run.out
checkSuccess $?

echo -n "Create ECC storage, signing and restricted signing keys"
${PREFIX}create -hp 80000000 -ecc nistp256 -halg sha256 -st -kt f -kt p -opr storeeccnistp256priv.bin -opu storeeccnistp256pub.bin -pwdp sto -pwdk sto > run.out
checkSuccess $?
${PREFIX}create -hp 80000000 -ecc nistp256 -halg sha256 -si -kt f -kt p -opr signeccnistp256priv.bin -opu signeccnistp256pub.bin -opem signeccnistp256pub.pem -tk signecctk.bin -ch signeccch.bin -pwdp sto -pwdk sig > run.out
checkSuccess $?
${PREFIX}create -hp 80000000 -ecc nistp256 -halg sha256 -sir -opr signeccnistp256nfpriv.bin -opu signeccnistp256nfpub.bin -pwdp sto -pwdk sig > run.out
checkSuccess $?

echo -n "Sign with the ECC signing key; the TPM verifies the signature"
${PREFIX}load -hp 80000000 -ipr signeccnistp256priv.bin -ipu signeccnistp256pub.bin -pwdp sto > run.out
checkSuccess $?
${PREFIX}sign -hk 80000001 -salg ecc -pwdk sig -halg sha256 -if msg.bin -os sigecc.bin > run.out
checkSuccess $?
${PREFIX}verifysignature -hk 80000001 -ecc -halg sha256 -if msg.bin -is sigecc.bin > run.out
checkSuccess $?

echo -n "Certify the signing key's creation with itself"
${PREFIX}certifycreation -ho 80000001 -hk 80000001 -pwdk sig -salg ecc -tk signecctk.bin -ch signeccch.bin -os tmpsig.bin > run.out
checkSuccess $?
${PREFIX}flushcontext -ha 80000001 > run.out
checkSuccess $?

echo -n "Import an encrypted PEM EC key made by openssl under the ECC storage key, and sign with it"
if command -v openssl > /dev/null; then
    openssl ecparam -name prime256v1 -genkey -noout 2> /dev/null | openssl pkey -aes256 -passout pass:rrrr > tmpecprivkey.pem 2> /dev/null
    ${PREFIX}load -hp 80000000 -ipr storeeccnistp256priv.bin -ipu storeeccnistp256pub.bin -pwdp sto > run.out
    checkSuccess $?
    ${PREFIX}importpem -hp 80000001 -pwdp sto -ipem tmpecprivkey.pem -ecc -pwdk rrrr -opu tmppub.bin -opr tmppriv.bin > run.out
    checkSuccess $?
    ${PREFIX}load -hp 80000001 -pwdp sto -ipu tmppub.bin -ipr tmppriv.bin > run.out
    checkSuccess $?
    ${PREFIX}sign -hk 80000002 -salg ecc -pwdk rrrr -if msg.bin -os sigimp.bin > run.out
    checkSuccess $?
    ${PREFIX}verifysignature -hk 80000002 -ecc -if msg.bin -is sigimp.bin > run.out
    checkSuccess $?
    ${PREFIX}flushcontext -ha 80000002 > run.out
    checkSuccess $?
    ${PREFIX}flushcontext -ha 80000001 > run.out
    checkSuccess $?
else
    echo " skipped (no openssl)"
fi

echo -n "openssl reads the PEM public keys the utilities wrote"
if command -v openssl > /dev/null; then
    for PEM in signrsa2048pub.pem signrsa2048rpub.pem priecc.pem signeccnistp256pub.pem; do
        openssl pkey -pubin -in ${PEM} -noout > run.out 2>&1
        checkSuccess $?
    done
else
    echo " skipped (no openssl)"
fi

echo -n "Flush the ECC primary key"
${PREFIX}flushcontext -ha 80000000 > run.out
checkSuccess $?

rm -f run.out
echo ""
echo "Success: ${STEP} steps"
exit 0
