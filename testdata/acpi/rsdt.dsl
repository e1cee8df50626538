/* RSDT (ACPI 6.5 §5.2.7): the same tables as xsdt.dsl through 32-bit
 * entries, for a walk whose RSDP has no XSDT. Layout: see rsdp.dsl. */
[0004]                          Signature : "RSDT"
[0004]                       Table Length : 00000000
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "EATEST"
[0008]                       Oem Table ID : "EARSDT  "
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "INTL"
[0004]              Asl Compiler Revision : 00000000

[0004]             ACPI Table Address   0 : 80002000
[0004]             ACPI Table Address   1 : 80003000
[0004]             ACPI Table Address   2 : 80006000
[0004]             ACPI Table Address   3 : 80007000
