"""身份证号 and 统一社会信用代码 checks, masking and field encryption."""

from datetime import date

import pytest
from cryptography.exceptions import InvalidTag

from jobhub.demo import make_id_number, make_uscc
from jobhub.security.crypto import DataKeyError, FieldCipher, generate_data_key
from jobhub.security.idcard import (
    InvalidIdentifier,
    normalise_phone,
    parse_id_number,
    parse_uscc,
)
from jobhub.security.masking import mask_id_number, mask_name, mask_phone

# The worked example printed in GB 11643-1999.
STANDARD_EXAMPLE = "11010519491231002X"


def test_standard_example_parses_with_birth_date_and_gender():
    card = parse_id_number(STANDARD_EXAMPLE)
    assert card.birth_date == date(1949, 12, 31)
    assert card.gender == "female"  # digit 17 is 2 (even)
    assert card.region_code == "110105"


def test_lower_case_x_spaces_and_full_width_digits_are_accepted():
    assert parse_id_number(" 110105 19491231 002x ").number == STANDARD_EXAMPLE
    assert parse_id_number("１１０１０５１９４９１２３１００２Ｘ").number == STANDARD_EXAMPLE


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("", "请填写身份证号"),
        ("11010519491231002", "应为 18 位"),
        ("1101051949123100A2", "前 17 位只能是数字"),
        ("110105194902300021", "出生日期"),  # 30 February
        ("110105194912310021", "校验位不正确"),
        ("110105209912310021", "合理范围"),  # born in the future
    ],
)
def test_each_failure_has_its_own_chinese_message(raw, words):
    with pytest.raises(InvalidIdentifier) as caught:
        parse_id_number(raw, today=date(2026, 11, 22))
    assert words in str(caught.value)


def test_every_single_digit_change_is_caught_by_the_check_character():
    for position in range(17):
        for digit in "0123456789":
            if digit == STANDARD_EXAMPLE[position]:
                continue
            changed = STANDARD_EXAMPLE[:position] + digit + STANDARD_EXAMPLE[position + 1 :]
            with pytest.raises(InvalidIdentifier):
                parse_id_number(changed)


def test_generated_demo_numbers_are_valid():
    number = make_id_number(date(1978, 2, 20), 13, female=True)
    card = parse_id_number(number)
    assert card.birth_date == date(1978, 2, 20) and card.gender == "female"


def test_uscc_known_good_and_bad():
    good = make_uscc(1)
    assert parse_uscc(good.lower()) == good
    # A published sample code whose check character is known: 91350100M000100Y43
    assert parse_uscc("91350100M000100Y43") == "91350100M000100Y43"
    with pytest.raises(InvalidIdentifier, match="校验位"):
        parse_uscc("91350100M000100Y44")
    with pytest.raises(InvalidIdentifier, match="不允许的字符"):
        parse_uscc("91350100I000100Y43")
    with pytest.raises(InvalidIdentifier, match="18 位"):
        parse_uscc("9135010")


def test_phone_normalisation_and_messages():
    assert normalise_phone("+86 138-0013-8000") == "13800138000"
    with pytest.raises(InvalidIdentifier, match="11 位"):
        normalise_phone("12345")


def test_masks():
    assert mask_id_number(STANDARD_EXAMPLE) == "110105********002X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("王秀兰") == "王**"
    assert mask_id_number(None) == "" and mask_phone("") == ""


def test_cipher_round_trip_is_randomised_and_bound_to_its_column():
    cipher = FieldCipher(generate_data_key())
    a = cipher.encrypt(STANDARD_EXAMPLE, "people.id_number")
    b = cipher.encrypt(STANDARD_EXAMPLE, "people.id_number")
    assert a != b and STANDARD_EXAMPLE not in a
    assert cipher.decrypt(a, "people.id_number") == STANDARD_EXAMPLE
    with pytest.raises(InvalidTag):
        cipher.decrypt(a, "people.phone")


def test_lookup_hash_is_keyed():
    key1, key2 = generate_data_key(), generate_data_key()
    h1 = FieldCipher(key1).lookup_hash(STANDARD_EXAMPLE, "id_number")
    assert h1 == FieldCipher(key1).lookup_hash(STANDARD_EXAMPLE, "id_number")
    assert h1 != FieldCipher(key2).lookup_hash(STANDARD_EXAMPLE, "id_number")


def test_bad_data_key_is_refused():
    with pytest.raises(DataKeyError):
        FieldCipher("c2hvcnQ=")


def test_one_number_is_one_person_whatever_digits_typed_it(app, accounts):
    from datetime import date

    from jobhub.demo import make_id_number
    from jobhub.security.idcard import normalise_phone, parse_id_number, parse_uscc

    number = make_id_number(date(1990, 1, 2), 5, True)
    scripts = {
        "Arabic-Indic": 0x660,
        "Persian": 0x6F0,
        "Devanagari": 0x966,
        "full width": 0xFF10,
        "mathematical": 0x1D7CE,
    }
    for name, zero in scripts.items():
        typed = "".join(chr(zero + int(c)) if c.isdigit() else c for c in number)
        assert parse_id_number(typed).number == number, name
    assert normalise_phone("١٣٩١٢٣٤٥٦٧٨") == "13912345678"
    from jobhub.demo import make_uscc

    uscc = make_uscc(77)
    assert parse_uscc("".join(chr(0x966 + int(c)) if c.isdigit() else c for c in uscc)) == uscc

    # at the counter: the same person, typed in another script, is found, not made twice
    client = accounts.client_for("station_staff")
    arabic = "".join(chr(0x660 + int(c)) if c.isdigit() else c for c in number)
    first = client.post("/station/walk-in", data={"step": "lookup", "id_number": number})
    assert "新来访人员" in first.get_data(as_text=True)
    from tests.stations.test_counter import _register

    assert _register(client, id_number=number).status_code == 302
    again = client.post("/station/walk-in", data={"step": "lookup", "id_number": arabic})
    assert "新来访人员" not in again.get_data(as_text=True)
