use id06_tests::TestApp;

/// The PostgreSQL leg sets `ID06_TEST_EXPECT_BACKEND=postgres`: prove the server really ran on it
/// (a leg that silently fell back to SQLite would otherwise pass).
#[tokio::test]
async fn runs_on_the_expected_backend() {
    let app = TestApp::spawn().await;
    let expected = std::env::var("ID06_TEST_EXPECT_BACKEND").unwrap_or_else(|_| "sqlite".into());
    assert_eq!(app.db.backend().name(), expected);
    let r = app.get("/health/ready", None).await;
    assert_eq!(r.status(), 200);
}
