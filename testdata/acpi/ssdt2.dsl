/* The second of two SSDTs. Layout: see rsdp.dsl. */
DefinitionBlock ("", "SSDT", 2, "EATEST", "EASSDT2", 1)
{
    Name (\EAT2, "second")
}
