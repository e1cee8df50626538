/* The first of two SSDTs: Linux names them SSDT1 and SSDT2 under
 * /sys/firmware/acpi/tables (drivers/acpi/sysfs.c acpi_table_attr_init()).
 * Layout: see rsdp.dsl. */
DefinitionBlock ("", "SSDT", 2, "EATEST", "EASSDT1", 1)
{
    Name (\EAT1, 0x1234)
}
