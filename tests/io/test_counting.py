"""Counting (issue #13 item 7): duplicates within a file, the same application in files loaded
as two clients, Saved with a date -- each merged or flagged with a report entry."""

from __future__ import annotations

import jobsearch_analytics as jsa
from jobsearch_analytics.summary import summarize

HEAD = "Company,Role,Date applied,Status\n"


def test_identical_rows_are_one_application_and_reported(tmp_path):
    row = "Acme,Analyst,2024-03-01,Applied\n"
    (tmp_path / "t.csv").write_text(HEAD + row * 3 + "Globex,Engineer,2024-03-02,Applied\n")
    s = jsa.load(tmp_path / "t.csv")
    assert len(s) == 2
    dropped = s.report.entries[s.report.entries["kind"] == "dropped"]
    assert len(dropped) == 2 and dropped["problem"].str.contains("repeats row 2").all()


def test_same_application_in_two_clients_files_is_flagged_and_merged_as_one_person(tmp_path):
    (tmp_path / "a.csv").write_text(HEAD + "Acme,Analyst,2024-03-01,Applied\n")
    (tmp_path / "b.csv").write_text(HEAD + "Acme Inc.,analyst,2024-03-02,Rejected\n")
    files = [tmp_path / "a.csv", tmp_path / "b.csv"]
    apart = jsa.load_many(files)
    assert len(apart) == 2
    said = apart.report.entries[apart.report.entries["kind"] == "info"]["action"]
    assert said.str.contains("client='me'").sum() == 1
    text = summarize(apart, today="2024-04-01").to_text()
    assert "Pooled over 2 clients" in text
    one = jsa.load_many(files, client="me")
    assert len(one) == 1
    assert "Pooled" not in summarize(one, today="2024-04-01").to_text()


def test_two_people_at_different_jobs_are_not_flagged(tmp_path):
    (tmp_path / "a.csv").write_text(HEAD + "Acme,Analyst,2024-03-01,Applied\n")
    (tmp_path / "b.csv").write_text(HEAD + "Acme,Engineer,2024-03-01,Applied\n")
    s = jsa.load_many(tmp_path)
    assert not s.report.entries["action"].str.contains("client='me'").any()


def test_saved_with_an_application_date_is_reported(tmp_path):
    (tmp_path / "t.csv").write_text(
        HEAD + "Acme,Analyst,2024-03-01,Saved\nGlobex,Engineer,,Saved\n"
    )
    s = jsa.load(tmp_path / "t.csv")
    stages = dict(zip(s.applications["company"], s.applications["stage"], strict=True))
    assert stages == {"Acme": "applied", "Globex": "saved"}
    said = s.report.entries[s.report.entries["problem"].str.contains("status says saved")]
    assert said["row"].tolist() == [2]


def test_a_file_without_the_evidence_others_hold_is_named(tmp_path):
    (tmp_path / "a.csv").write_text(HEAD + "Acme,Analyst,2024-03-01,Rejected\n")
    (tmp_path / "b.csv").write_text("Company,Role,Date applied\nGlobex,Engineer,2024-03-02\n")
    s = jsa.load_many(tmp_path, client="me")
    said = s.report.entries[s.report.entries["problem"].str.contains("holds no")]
    assert said["file"].tolist() == ["b.csv"] and "reply" in said["problem"].iloc[0]
