#[test]
#[ignore]
fn dump_dir() {
    use crate::model::*;
    let dir = std::env::var("FACTS_DIR").unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut out = serde_json::Map::new();
    for p in names {
        let text = std::fs::read_to_string(&p).unwrap();
        let mut prose = Vec::new();
        for (i, page) in text.split('\x0c').enumerate() {
            for l in page.lines() {
                prose.push(ProseLine {
                    page: i as u32 + 1,
                    text: l.to_string(),
                });
            }
        }
        let laid = LaidOut {
            prose,
            ..Default::default()
        };
        let meta = super::document_meta(&laid, &[]);
        let (facts, checks) = super::extract(&laid, &[], &meta);
        out.insert(
            p.file_stem().unwrap().to_string_lossy().to_string(),
            serde_json::json!({"meta": meta, "facts": facts, "checks": checks}),
        );
    }
    std::fs::write(
        "/tmp/facts_dump.json",
        serde_json::to_string_pretty(&out).unwrap(),
    )
    .unwrap();
}
