//! Hostile files made at test time: project files and imports nested
//! deeper than any stack are refused without exhausting it; a project file
//! on one long line loads and its problems are found in linear time; a
//! single line of 10 MB (100 MB in release) imports in every format within
//! bounded time.

use super::*;

/// A valid project file with one document of `text` (no quotes or
/// backslashes) and `spans` spans of theme `theme`, all on a single line
/// when `one_line`.
fn project_ron(text: &str, spans: usize, theme: &str, one_line: bool) -> String {
    let nl = if one_line { " " } else { "\n" };
    let len = text.chars().count();
    let spans: Vec<String> = (0..spans)
        .map(|i| {
            format!(
                "(start: {}, end: {}, theme: {theme:?}, annotator: \"a{i}\"),",
                i % len,
                i % len + 1
            )
        })
        .collect();
    format!(
        "(format: 1, offsets: \"codepoints\", name: \"p\",{nl}themes: [(id: \"health\", \
         label: \"Health\", color: \"#2ea043\")],{nl}documents: [(id: \"doc\", title: \"Doc\", \
         sha256: \"{}\", text: \"{text}\",{nl}spans: [{nl}{}{nl}])])\n",
        store::sha256_hex(text),
        spans.join(nl)
    )
}

#[test]
fn deeply_nested_ron_is_refused_without_exhausting_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let deep = |open: &str, close: &str| (open.repeat(100_000), close.repeat(100_000));
    let (sq, sq_end) = deep("[", "]");
    let (paren, paren_end) = deep("(", ")");
    let (some, some_end) = deep("Some(", ")");
    let head = "(format: 1, offsets: \"codepoints\", name: \"x\", ";
    for (name, content) in [
        (
            "themes.ron",
            format!("{head}themes: {sq}{sq_end}, documents: [])"),
        ),
        (
            "documents.ron",
            format!("{head}themes: [], documents: [{paren}{paren_end}])"),
        ),
        (
            "unclosed.ron",
            format!("{head}themes: [], documents: [{sq}"),
        ),
        (
            "span.ron",
            format!(
                "{head}themes: [], documents: [(id: \"d\", title: \"d\", sha256: \"\", \
                 text: \"\", spans: [(start: {some}0{some_end})])])"
            ),
        ),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, content).unwrap();
        assert_refusal(Target::Load, &path, &["nested too deeply"]);
    }
}

#[test]
fn a_project_on_one_long_line_loads_and_its_problems_are_found_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    let text = "word ".repeat(2_000_000); // 10 MB, no line break
    // Counting columns from the start of the line for each of 5000 spans
    // would take minutes (5000 × 10 MB); counting on takes a moment.
    let good = dir.path().join("good.ron");
    fs::write(&good, project_ron(&text, 5_000, "health", true)).unwrap();
    let start = Instant::now();
    let p = store::load(&good).unwrap();
    assert_eq!(p.documents()[0].spans().len(), 5_000);
    assert!(start.elapsed() < BOUND, "took {:?}", start.elapsed());

    // Every span on that line has a problem: each gets its position.
    let bad = dir.path().join("bad.ron");
    let content = project_ron(&text, 5_000, "weather", true);
    fs::write(&bad, &content).unwrap();
    let message = assert_refusal(Target::Load, &bad, &["uses theme \"weather\""]);
    assert_eq!(message.matches("uses theme \"weather\"").count(), 5_000);
    // The file is ASCII: the column is the byte offset plus one.
    let column = content.find("(start: 4999,").unwrap() + 1;
    let last = message.lines().last().unwrap();
    assert!(last.contains(&format!("bad.ron:1:{column}: ")), "{last}");
}

/// `text` as a single-line file for `format`, with one span over its first
/// five characters; returns the path to import.
fn one_line_file(dir: &Path, format: Format, text: &str) -> PathBuf {
    match format {
        Format::Text => {
            let p = dir.join("line.txt");
            fs::write(&p, text).unwrap();
            p
        }
        Format::Jsonl => {
            let p = dir.join("line.jsonl");
            fs::write(
                &p,
                format!("{{\"text\": {text:?}, \"label\": [[0, 5, \"Health\"]]}}\n"),
            )
            .unwrap();
            p
        }
        Format::LabelStudio => {
            let p = dir.join("line.json");
            fs::write(
                &p,
                format!(
                    "[{{\"id\": 1, \"data\": {{\"text\": {text:?}}}, \"annotations\": [{{\"result\": \
                     [{{\"from_name\": \"label\", \"to_name\": \"text\", \"type\": \"labels\", \
                     \"value\": {{\"start\": 0, \"end\": 5, \"labels\": [\"Health\"]}}}}]}}]}}]"
                ),
            )
            .unwrap();
            p
        }
        Format::Brat => {
            fs::write(dir.join("line.txt"), text).unwrap();
            let p = dir.join("line.ann");
            fs::write(&p, format!("T1\tHealth 0 5\t{}\n", &text[..5])).unwrap();
            p
        }
        Format::RefiQda => {
            let p = dir.join("line.qde");
            // Many tools write the whole XML on one line.
            let selections: String = (0..20_000)
                .map(|i| {
                    format!(
                        "<PlainTextSelection guid=\"s{i}\" startPosition=\"{i}\" endPosition=\"{}\">\
                         <Coding guid=\"k{i}\"><CodeRef targetGUID=\"c\"/></Coding></PlainTextSelection>",
                        i + 1
                    )
                })
                .collect();
            fs::write(
                &p,
                format!(
                    "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><CodeBook><Codes>\
                     <Code guid=\"c\" name=\"Health\" isCodable=\"true\"/></Codes></CodeBook>\
                     <Sources><TextSource guid=\"t\" name=\"line\"><PlainTextContent>{text}\
                     </PlainTextContent>{selections}</TextSource></Sources></Project>"
                ),
            )
            .unwrap();
            p
        }
        other => unreachable!("{other} is not imported"),
    }
}

/// Imports a single line of `megabytes` MB in every import format; each
/// must be read, planned and saved within `bound`.
fn import_one_long_line(megabytes: usize, bound: Duration) {
    let dir = tempfile::tempdir().unwrap();
    let unit = "lorem ipsum dolor sit amet, äöü 😀 ";
    let text = unit.repeat(megabytes * 1_000_000 / unit.len());
    for format in [
        Format::Text,
        Format::Jsonl,
        Format::LabelStudio,
        Format::Brat,
        Format::RefiQda,
    ] {
        let sub = dir.path().join(format.name());
        fs::create_dir(&sub).unwrap();
        let path = one_line_file(&sub, format, &text);
        let start = Instant::now();
        let imported = formats::read(&path, Some(format)).unwrap_or_else(|e| panic!("{e}"));
        let mut project = Project::with_default_codebook("p");
        let (edit, _) = formats::import::plan(&project, &[(path.clone(), imported)], "me").unwrap();
        edit.apply(&mut project).unwrap();
        store::save(&project, &sub.join("p.ron")).unwrap();
        let took = start.elapsed();
        println!("{format}: {megabytes} MB on one line read, planned and saved in {took:.1?}");
        assert!(took < bound, "{format}: {megabytes} MB took {took:?}");
        assert_eq!(
            project.documents()[0].text().as_str().len(),
            text.len(),
            "{format}"
        );
    }
}

#[test]
fn a_10_mb_single_line_imports_in_every_format() {
    import_one_long_line(10, Duration::from_secs(60));
}

#[test]
#[ignore = "100 MB in every format: minutes in a debug build; run with --release -- --ignored"]
fn a_100_mb_single_line_imports_in_every_format() {
    import_one_long_line(100, Duration::from_secs(60));
}

#[test]
fn deeply_nested_json_and_xml_are_refused_without_exhausting_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let jsonl = dir.path().join("deep.jsonl");
    fs::write(&jsonl, &deep_json).unwrap();
    assert_refusal(Target::Import(Format::Jsonl), &jsonl, &["recursion limit"]);
    let json = dir.path().join("deep.json");
    fs::write(&json, &deep_json).unwrap();
    assert_refusal(
        Target::Import(Format::LabelStudio),
        &json,
        &["recursion limit"],
    );

    let codes = "<Code guid=\"c\" name=\"x\" isCodable=\"true\">".repeat(100_000);
    let qdc = dir.path().join("deep.qdc");
    fs::write(
        &qdc,
        format!(
            "<CodeBook><Codes>{codes}{}</Codes></CodeBook>",
            "</Code>".repeat(100_000)
        ),
    )
    .unwrap();
    assert_refusal(
        Target::Import(Format::RefiQda),
        &qdc,
        &["nested more than 256 deep"],
    );

    // Label Studio reads its config as a stream: depth costs nothing.
    let ls = dir.path().join("ls");
    fs::create_dir(&ls).unwrap();
    fs::copy(
        corpus_dir().join("label-studio/billion-laughs/tasks.json"),
        ls.join("tasks.json"),
    )
    .unwrap();
    fs::write(
        ls.join("label_config.xml"),
        format!("{}{}", "<View>".repeat(100_000), "</View>".repeat(100_000)),
    )
    .unwrap();
    let start = Instant::now();
    formats::read(&ls, Some(Format::LabelStudio)).unwrap();
    assert!(start.elapsed() < BOUND);
}
