/* XSDT (ACPI 6.5 §5.2.8): 64-bit entries, the first at offset 36, so not
 * 8-byte aligned. Layout: see rsdp.dsl. */
[0004]                          Signature : "XSDT"
[0004]                       Table Length : 00000000
[0001]                           Revision : 01
[0001]                           Checksum : 00
[0006]                             Oem ID : "EATEST"
[0008]                       Oem Table ID : "EAXSDT  "
[0004]                       Oem Revision : 00000001
[0004]                    Asl Compiler ID : "INTL"
[0004]              Asl Compiler Revision : 00000000

[0008]             ACPI Table Address   0 : 0000000080002000
[0008]             ACPI Table Address   1 : 0000000080003000
[0008]             ACPI Table Address   2 : 0000000080006000
[0008]             ACPI Table Address   3 : 0000000080007000
