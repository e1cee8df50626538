/*
 * RSDP of the synthetic machine walked by tests/test_acpi.c (ACPI 6.5
 * §5.2.5.3). iasl computes both checksums. Memory layout of the set:
 *   0x80000000 RSDP   0x80000800 RSDT   0x80001000 XSDT   0x80002000 FACP
 *   0x80003000 APIC   0x80004000 DSDT   0x80005000 FACS
 *   0x80006000 SSDT (first)              0x80007000 SSDT (second)
 */
[0008]                          Signature : "RSD PTR "
[0001]                           Checksum : 00
[0006]                             Oem ID : "EATEST"
[0001]                           Revision : 02
[0004]                       RSDT Address : 80000800
[0004]                             Length : 00000024
[0008]                       XSDT Address : 0000000080001000
[0001]                  Extended Checksum : 00
[0003]                           Reserved : 000000
