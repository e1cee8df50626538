/* DSDT (ACPI 6.5 §5.2.11.1), reached only through the FADT's X_DSDT / DSDT
 * fields, never through the XSDT. Layout: see rsdp.dsl. */
DefinitionBlock ("", "DSDT", 2, "EATEST", "EADSDT", 1)
{
    Scope (\_SB)
    {
        Device (COM0)
        {
            Name (_HID, "ARMH0011")
            Name (_UID, Zero)
        }
    }
}
