"""The upload report's rows: the importer's terse reasons become where / column / what's wrong / how to fix."""

from api.web.partner_report import explain, where


def test_locations_are_counted_from_one_as_people_do() -> None:
    assert where("line 12") == "Line 12"
    assert where("@graph[3]") == "Record 4 (@graph[3])"
    assert where("record 2") == "Record 2"


def test_a_missing_value_names_the_column_as_the_csv_file_does() -> None:
    row = explain("line 3", "program_id", "missing", format="etpl")
    assert (row.where, row.column, row.problem) == ("Line 3", "PROGRAM_ID", "Missing")
    assert row.fix == "Fill in PROGRAM_ID; it cannot be empty."


def test_json_fields_keep_their_names_and_every_reason_gets_a_fix() -> None:
    number = explain("@graph[0]", "offers.price", "expected a number, got 'free'", format="schemaorg")
    assert number.column == "offers.price" and "plain number" in number.fix
    odd = explain("line 9", "(row)", "row has 3 fields, header has 12", format="etpl")
    assert odd.column == "(row)" and "comma" in odd.fix
    unknown = explain("line 2", "credential_type", "not a credential type we know", format="etpl")
    assert unknown.fix.startswith("Correct the value")
