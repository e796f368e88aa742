//! `faultline import`: reference data from CSV, whole files or nothing.

mod common;

use common::{refused, Desk};

fn file(desk: &Desk, name: &str, text: &str) -> String {
    let path = desk.config().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn offices_engineers_sites_and_equipment_import_from_their_templates() {
    let desk = Desk::new();
    // The shipped templates are the header alone: importing one adds nothing.
    for kind in ["offices", "engineers", "sites", "equipment"] {
        let template = format!("{}/assets/import/{kind}.csv", env!("CARGO_MANIFEST_DIR"));
        assert_eq!(desk.ok(&["import", kind, &template]), "0", "{kind}");
    }
    let offices = file(
        &desk,
        "offices.csv",
        "name,city\n上海分公司,上海\n南京分公司,南京\n",
    );
    assert_eq!(desk.ok(&["import", "offices", &offices]), "2");
    let engineers = file(
        &desk,
        "engineers.csv",
        "name,role,office,shift\n王磊,senior,上海分公司,08:00-20:00\n何军,pm,南京分公司,\n",
    );
    assert_eq!(desk.ok(&["import", "engineers", &engineers]), "2");
    let sites = file(
        &desk,
        "sites.csv",
        "name,distance_km,city,in_province,contract,customer,pm\n\
         张江机房,25,,是,,\"张江药谷, 一期\",何军\n\
         苏州数据中心,,苏州,yes,dc-storage-expansion,,\n",
    );
    assert_eq!(desk.ok(&["import", "sites", &sites]), "2");
    let list = desk.json(&["site", "list", "--json"]);
    assert_eq!(list[0]["customer"], "张江药谷, 一期");
    assert_eq!(list[0]["pm"], "何军");
    // Without a distance, the road distance from the nearest office's city.
    assert!(list[1]["distance_km"].as_f64().unwrap() > 50.0, "{list:#}");
    let equipment = file(
        &desk,
        "equipment.csv",
        "site,model,serial,accepted,warranty_years\n苏州数据中心,OceanStor 6800,SN-1,2025-06-30,\n",
    );
    assert_eq!(desk.ok(&["import", "equipment", &equipment]), "1");
    let eq = desk.json(&["equipment", "list", "--json"]);
    assert_eq!(
        eq[0]["warranty_years"], 3,
        "the contract's years by default"
    );
}

#[test]
fn a_bad_file_is_refused_whole_naming_line_and_column() {
    let desk = Desk::new().seeded();
    let check = |name: &str, kind: &str, text: &str, says: &str| {
        let path = file(&desk, name, text);
        refused(&desk, &["import", kind, &path], says);
    };
    // Line 3, column 2: the first two rows were fine, and are not written.
    check(
        "a.csv",
        "sites",
        "name,distance_km\n新站A,10\n新站B,far\n新站C,30\n",
        "a.csv:3:2 (distance_km)",
    );
    check(
        "b.csv",
        "engineers",
        "name,role,office\n新人,intern,上海分公司\n",
        "b.csv:2:2 (role)",
    );
    check(
        "c.csv",
        "engineers",
        "name,role,office\n新人,remote,火星分公司\n",
        "第 2 行：没有分公司",
    );
    // A name already on the desk (or twice in the file) refuses the file.
    check(
        "d.csv",
        "sites",
        "name,distance_km\n新站D,10\n张江机房,20\n",
        "第 3 行：已有名为 \"张江机房\" 的站点",
    );
    check("e.csv", "sites", "name,km\n新站E,10\n", "列 \"km\"");
    check("f.csv", "sites", "distance_km\n10\n", "缺少列 \"name\"");
    check(
        "g.csv",
        "sites",
        "name,distance_km\n新站G,10,extra\n",
        "g.csv:2",
    );
    check(
        "h.csv",
        "equipment",
        "site,model,serial,accepted\n张江机房,X,SN-9,2025-02-30\n",
        "h.csv:2:4 (accepted)",
    );
    check("i.csv", "tickets", "name\n", "不能导入");
    refused(&desk, &["import", "sites", "/nonexistent.csv"], "无法读取");
}
