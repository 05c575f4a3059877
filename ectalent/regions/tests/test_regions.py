"""The shipped administrative tree (loaded by a data migration) and its loader."""

import pytest
from django.core.exceptions import ValidationError

from ectalent.regions.loader import COLUMNS, load_files, shipped_files
from ectalent.regions.models import Region, subtree_codes

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS) + "\n"


def test_zhejiang_has_11_cities():
    zhejiang = Region.objects.get(code="330000")
    assert zhejiang.name == "浙江省" and zhejiang.level == "province" and zhejiang.parent is None
    cities = Region.objects.filter(parent=zhejiang, level="city")
    assert cities.count() == 11
    assert {"杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市", "舟山市", "台州市", "丽水市"} == set(
        cities.values_list("name", flat=True)
    )


def test_yiwu_is_a_county_level_city_under_jinhua():
    yiwu = Region.objects.get(code="330782")
    assert yiwu.name == "义乌市"
    assert yiwu.level == "county"
    assert yiwu.parent_id == "330700"
    assert yiwu.parent.name == "金华市"
    assert yiwu.path == "33/3307/330782"
    assert yiwu.depth == 3
    assert [r.code for r in yiwu.ancestors()] == ["330000", "330700", "330782"]
    assert yiwu.full_name == "浙江省金华市义乌市"


def test_jiangsu_has_13_cities():
    assert Region.objects.filter(parent_id="320000", level="city").count() == 13


def test_chuxiong_prefecture_has_10_county_level_units():
    chuxiong = Region.objects.get(code="532300")
    assert chuxiong.parent_id == "530000"
    assert chuxiong.children.count() == 10
    assert set(chuxiong.children.values_list("level", flat=True)) == {"county"}


def test_every_county_belongs_to_a_city_and_every_city_to_a_province():
    for county in Region.objects.filter(level="county").select_related("parent"):
        assert county.parent is not None and county.parent.level == "city", county
        assert county.path == f"{county.parent.path}/{county.code}"
        assert county.code[:4] == county.parent.code[:4], county
    for city in Region.objects.filter(level="city").select_related("parent"):
        assert city.parent is not None and city.parent.level == "province", city
        assert city.path == f"{city.code[:2]}/{city.code[:4]}"
    assert set(Region.objects.filter(level="province").values_list("parent", flat=True)) == {None}


def test_zhejiang_counties_are_all_loaded():
    # 浙江 has 90 county-level units (37 市辖区, 20 县级市, 33 县) in the current GB/T 2260 list.
    assert Region.objects.filter(path__startswith="33/", level="county").count() == 90


def test_subtree_of_jinhua_contains_yiwu_and_not_hangzhou():
    jinhua = Region.objects.get(code="330700")
    codes = set(Region.objects.subtree(jinhua).values_list("code", flat=True))
    assert {"330700", "330782", "330702"} <= codes
    assert "330100" not in codes and "330102" not in codes
    assert set(subtree_codes(jinhua.path)) == codes
    assert Region.objects.subtree(None).count() == 0


def test_subtree_prefix_does_not_leak_into_sibling_codes():
    # 3307 must not match a hypothetical 33070x-like path of another city: paths are separated by "/".
    hangzhou = Region.objects.get(code="330100")
    codes = set(Region.objects.subtree(hangzhou).values_list("code", flat=True))
    assert all(c.startswith("3301") for c in codes)


def test_contains():
    jinhua, yiwu, hangzhou = (Region.objects.get(code=c) for c in ("330700", "330782", "330100"))
    assert jinhua.contains(yiwu) and jinhua.contains(jinhua)
    assert not hangzhou.contains(yiwu) and not yiwu.contains(jinhua) and not jinhua.contains(None)


def test_reloading_shipped_files_is_idempotent():
    before = Region.objects.count()
    load_files(shipped_files())
    assert Region.objects.count() == before


def test_loader_adds_a_new_province_from_the_same_format(tmp_path):
    f = tmp_path / "34-anhui.csv"
    f.write_text(HEADER + "340000,安徽省,安徽,province,省,\n340100,合肥市,合肥,city,地级市,340000\n"
                 "340102,瑶海区,瑶海,county,市辖区,340100\n", encoding="utf-8")
    assert load_files([f]) == 3
    assert Region.objects.get(code="340102").path == "34/3401/340102"
    assert "340102" in subtree_codes("34")


def test_loader_refuses_a_bad_code_naming_file_and_line_and_writes_nothing(tmp_path):
    f = tmp_path / "34-anhui.csv"
    f.write_text(HEADER + "340000,安徽省,安徽,province,省,\n34010,合肥市,合肥,city,地级市,340000\n", encoding="utf-8")
    before = Region.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        load_files([f])
    msg = " ".join(excinfo.value.messages)
    assert "34-anhui.csv" in msg and "第3行" in msg and "34010" in msg
    assert Region.objects.count() == before
    assert not Region.objects.filter(code="340000").exists()


def test_loader_refuses_a_bad_level(tmp_path):
    f = tmp_path / "34-anhui.csv"
    f.write_text(HEADER + "340000,安徽省,安徽,state,省,\n", encoding="utf-8")
    with pytest.raises(ValidationError) as excinfo:
        load_files([f])
    assert "第2行" in " ".join(excinfo.value.messages)


def test_loader_refuses_a_wrong_header(tmp_path):
    f = tmp_path / "34-anhui.csv"
    f.write_text("code,name\n340000,安徽省\n", encoding="utf-8")
    with pytest.raises(ValidationError) as excinfo:
        load_files([f])
    assert "表头" in " ".join(excinfo.value.messages)


def test_loader_refuses_an_unknown_parent_naming_line_and_writes_nothing(tmp_path):
    f = tmp_path / "34-anhui.csv"
    f.write_text(HEADER + "340000,安徽省,安徽,province,省,\n340100,合肥市,合肥,city,地级市,340000\n"
                 "340102,瑶海区,瑶海,county,市辖区,349900\n", encoding="utf-8")
    before = Region.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        load_files([f])
    msg = " ".join(excinfo.value.messages)
    assert "第4行" in msg and "349900" in msg
    # atomic: the province and city rows that were fine are not written either
    assert Region.objects.count() == before
    assert not Region.objects.filter(code__startswith="34").exists()


def test_loader_unknown_parent_error_names_the_file(tmp_path):
    f = tmp_path / "34-anhui.csv"
    f.write_text(HEADER + "340102,瑶海区,瑶海,county,市辖区,349900\n", encoding="utf-8")
    with pytest.raises(ValidationError) as excinfo:
        load_files([f])
    assert "34-anhui.csv" in " ".join(excinfo.value.messages)


def test_regions_are_public_reference_data_visible_to_every_user(django_user_model):
    from ectalent.accounts.choices import Role

    user = django_user_model.objects.create_user("expert1", password="x-Pass-2026", role=Role.EXPERT)
    assert Region.objects.visible_to(user).count() == Region.objects.count()
