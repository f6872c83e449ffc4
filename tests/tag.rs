//! `newsgraph tag` on input it cannot use: one line on standard error, exit status 1.

use crate::util::Dir;

#[test]
fn tag_refuses_unusable_input_in_one_line() {
    let dir = Dir::new();
    dir.write("empty.txt", " \n\n");
    dir.write("latin1.txt", b"Caf\xe9 Merkel\n");
    for (file, want) in [
        (
            "missing.txt",
            "newsgraph: missing.txt: No such file or directory".to_string(),
        ),
        ("empty.txt", "newsgraph: empty.txt: empty input".to_string()),
        (
            "latin1.txt",
            "newsgraph: latin1.txt: not valid UTF-8 (at byte 3)".to_string(),
        ),
        (".", "newsgraph: .: Is a directory".to_string()),
    ] {
        let (out, err) = dir.cmd(&["tag", file]).fails();
        assert_eq!(out, "", "{file}");
        assert_eq!(err.lines().count(), 1, "{file}: {err}");
        assert!(err.starts_with(&want), "{file}: {err}");
    }
}

#[test]
fn tag_still_tags_the_sample() {
    let dir = Dir::new().with_sample();
    let out = dir.stdout(&[
        "tag",
        "sample/nato-summit-2021.txt",
        "--published",
        "2021-06-14",
        "--format",
        "text",
    ]);
    assert!(
        out.contains("joe-biden met recep-tayyip-erdogan [planned"),
        "{out}"
    );
}
