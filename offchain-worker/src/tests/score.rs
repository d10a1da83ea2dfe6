//! Tests of [`crate::score`].
use super::*;

const U: Usage = Usage { input_tokens: 10, output_tokens: 10 };

#[test]
fn identical_answers_score_100() {
	assert_eq!(score(b"The cat sat.", U, b"The cat sat.", U), 100);
	assert_eq!(score(b"", U, b"", U), 100);
}

#[test]
fn case_and_punctuation_do_not_count() {
	assert_eq!(rouge_l(b"The cat, sat!", b"the CAT sat"), 100);
	assert_eq!(score(b"The cat, sat!", U, b"the CAT sat", U), 100);
}

#[test]
fn rouge_l_is_f1_over_the_longest_common_subsequence() {
	// lcs("a b c d", "a c d e f") = 3 (a c d): 2·3 / (4 + 5) = 66.7 %.
	assert_eq!(rouge_l(b"a b c d", b"a c d e f"), 67);
	// Order matters: reversed, only one token lines up.
	assert_eq!(rouge_l(b"one two three four", b"four three two one"), 25);
	assert_eq!(rouge_l(b"lorem ipsum dolor", b"echo 7 hello there"), 0);
	assert_eq!(rouge_l(b"", b"something"), 0);
	assert_eq!(lcs_len(&[1, 2, 3, 2, 1], &[2, 1, 2, 3]), 3);
}

#[test]
fn a_small_drift_keeps_a_high_score() {
	let reference = b"Paris is the capital of France and its largest city.";
	let drifted = b"Paris is the capital of France and also its largest city.";
	let s = score(drifted, U, reference, U);
	assert!((90..100).contains(&s), "{s}");
}

#[test]
fn unicode_is_tokenized_by_characters() {
	assert_eq!(rouge_l("Größe ÜBER".as_bytes(), "größe über".as_bytes()), 100);
	assert_eq!(tokens("東京 タワー".as_bytes()).len(), 2);
	// Invalid UTF-8 is read lossily, not refused.
	assert_eq!(tokens(&[0xff, b'a', b' ', b'b']).len(), 2);
}

#[test]
fn over_billing_scores_zero() {
	let billed = Usage { input_tokens: 10, output_tokens: 14 };
	assert_eq!(score(b"same", billed, b"same", U), 0);
	assert_eq!(score(b"one answer", billed, b"another answer", U), 0);
	// A different answer within 10 % + 2: fine (its counts differ legitimately).
	let billed = Usage { input_tokens: 13, output_tokens: 13 };
	assert!(score(b"the same words here", billed, b"the same words there", U) > 0);
	// The same answer billed 10 % + 2 high is over-billed: its completion count must agree
	// but for an end-of-text token; prompts keep the tolerance.
	assert_eq!(score(b"same", billed, b"same", U), 0);
	let billed = Usage { input_tokens: 13, output_tokens: 11 };
	assert_eq!(score(b"same", billed, b"same", U), 100);
	let billed = Usage { input_tokens: 14, output_tokens: 10 };
	assert_eq!(score(b"same", billed, b"same", U), 0);
	let billed = Usage { input_tokens: 10, output_tokens: 12 };
	assert_eq!(score(b"same", billed, b"same", U), 0);
	// Billing less than counted is the provider's loss, not fraud.
	let billed = Usage { input_tokens: 1, output_tokens: 1 };
	assert_eq!(score(b"same", billed, b"same", U), 100);
	assert!(!over_billed(0, 0));
	assert!(over_billed(3, 0));
	assert!(!over_billed(u32::MAX, u32::MAX));
}

#[test]
fn long_answers_are_cut_to_the_bound() {
	let long: Vec<u8> = b"word ".repeat(MAX_TOKENS + 100);
	assert_eq!(tokens(&long).len(), MAX_TOKENS);
	assert_eq!(rouge_l(&long, &long[..long.len() - 50]), 100);
}
