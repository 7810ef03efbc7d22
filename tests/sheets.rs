//! Spreadsheets as their readers see them: the first sheet of a workbook read by calamine, and a
//! CSV file read by Python's `csv` module (what an HR office's tools would make of a download).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

/// The first sheet's cells as text, as a spreadsheet reader sees them.
pub fn read_xlsx(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec()))
        .unwrap_or_else(|e| panic!("not a workbook: {e}"));
    let range = wb
        .worksheet_range_at(0)
        .unwrap_or_else(|| panic!("no sheet"))
        .unwrap_or_else(|e| panic!("{e}"));
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The rows of a CSV file as Python's `csv` module reads it (the BOM taken by `utf-8-sig`).
pub fn python_csv(bytes: &[u8], delimiter: &str) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("file.csv");
    std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let script = format!(
        "import csv, json, sys\nwith open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    print(json.dumps(list(csv.reader(f, delimiter='{delimiter}'))))"
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"))
}
