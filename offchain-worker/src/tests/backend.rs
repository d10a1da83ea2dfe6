//! Tests of [`crate::backend`].

use super::*;

fn backend(url: &str) -> Backend {
	Backend { url: url.into(), model_name: None, api_key: None }
}

#[test]
fn specs_parse_with_their_options() {
	let spec =
		parse_spec("3=http://127.0.0.1:11434/,model=llama3.1:8b,api-key-env=KEY").expect("valid");
	assert_eq!(spec.model, 3);
	assert_eq!(spec.backend.url, "http://127.0.0.1:11434");
	assert_eq!(spec.backend.model_name.as_deref(), Some("llama3.1:8b"));
	assert_eq!(spec.api_key_env.as_deref(), Some("KEY"));
	let plain = parse_spec("0=https://api.example.com").expect("valid");
	assert_eq!((plain.backend.model_name, plain.api_key_env), (None, None));
}

#[test]
fn bad_specs_say_what_is_wrong() {
	assert_eq!(parse_spec("http://x"), Err(ConfigError::Syntax("expected MODEL=URL")));
	assert_eq!(parse_spec("0"), Err(ConfigError::Syntax("expected MODEL=URL")));
	assert_eq!(parse_spec("x=http://a"), Err(ConfigError::BadModelId));
	assert_eq!(parse_spec("0=ftp://a"), Err(ConfigError::BadUrl));
	assert_eq!(parse_spec("0=http://"), Err(ConfigError::BadUrl));
	assert!(matches!(parse_spec("0=http://a,colour=red"), Err(ConfigError::Syntax(_))));
	assert!(matches!(parse_spec("0=http://a,model="), Err(ConfigError::Syntax(_))));
	let long = alloc::format!("0=http://{}", "a".repeat(MAX_FIELD_LEN));
	assert_eq!(parse_spec(&long), Err(ConfigError::TooLong));
}

#[test]
fn the_table_keeps_failover_order_and_limits() {
	let mut t = Backends::default();
	t.add(1, backend("http://b")).unwrap();
	t.add(0, backend("http://a1")).unwrap();
	t.add(0, backend("http://a2")).unwrap();
	let urls = |t: &Backends, m| t.of(m).iter().map(|b| b.url.clone()).collect::<Vec<_>>();
	assert_eq!(urls(&t, 0), ["http://a1", "http://a2"]);
	assert_eq!(t.0.iter().map(|(m, _)| *m).collect::<Vec<_>>(), [0, 1]);
	// Same URL again: replaced in place, order kept.
	let mut named = backend("http://a1");
	named.model_name = Some("m".into());
	t.add(0, named).unwrap();
	assert_eq!(urls(&t, 0), ["http://a1", "http://a2"]);
	assert_eq!(t.of(0).first().and_then(|b| b.model_name.clone()).as_deref(), Some("m"));
	for i in 2..MAX_BACKENDS_PER_MODEL {
		t.add(0, backend(&alloc::format!("http://a{}", i + 1))).unwrap();
	}
	assert_eq!(t.add(0, backend("http://one-too-many")), Err(ConfigError::TooManyBackends));
	assert!(t.remove(0, "http://a1/"));
	assert!(!t.remove(0, "http://a1"));
	assert!(t.remove(1, "http://b"));
	assert!(t.of(1).is_empty());
	assert_eq!(t.0.len(), 1, "a model without backends leaves the table");
	let decoded = Backends::decode(&mut &t.encode()[..]).unwrap();
	assert_eq!(decoded, t);
}
