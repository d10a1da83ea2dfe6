//! Scoring a provider's answer against a verifier's own re-run of the same request.
//!
//! A verifier sends the job's request, exactly as the provider got it (temperature 0, the seed
//! derived from the job id, the job's `max_tokens`), to its own backend for the model, then
//! scores the provider's answer from 0 to 100:
//!
//! - **100** when the two answers are byte-identical: a deterministic model gives the same
//!   answer to the same request.
//! - Otherwise **ROUGE-L F1 over tokens**, rounded to a whole percent. Tokens are the maximal
//!   runs of alphanumeric characters, lowercased; punctuation and white space separate them.
//!   With `lcs` the length of the longest common subsequence of the two token lists of lengths
//!   `n` and `m`, precision is `lcs / n`, recall `lcs / m`, and F1 `2 lcs / (n + m)`. A
//!   different backend running the same model on other hardware drifts in places and keeps a
//!   high score; a smaller model, or random text, shares little order with the reference.
//! - **0** when the provider billed more tokens than the verifier's backend counted for the
//!   same request, beyond a tolerance of 10 % plus 2 tokens (for tokenizer and template
//!   differences between serving stacks): over-billing is fraud whatever the text.
//!
//! At most [`MAX_TOKENS`] tokens of each answer are compared, so the work is bounded
//! (`O(MAX_TOKENS²)` time, `O(MAX_TOKENS)` memory).

use alloc::{string::String, vec::Vec};

/// Most tokens of each answer compared.
pub const MAX_TOKENS: usize = 4096;

/// Tokens billed for a request.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Usage {
	/// Prompt tokens.
	pub input_tokens: u32,
	/// Completion tokens.
	pub output_tokens: u32,
}

/// The score (0-100) of the provider's `claimed` answer and usage against the verifier's
/// `reference` answer and usage.
pub fn score(claimed: &[u8], claimed_usage: Usage, reference: &[u8], reference_usage: Usage) -> u8 {
	if over_billed(claimed_usage.input_tokens, reference_usage.input_tokens)
		|| over_billed(claimed_usage.output_tokens, reference_usage.output_tokens)
	{
		return 0;
	}
	if claimed == reference {
		return 100;
	}
	rouge_l(claimed, reference)
}

/// Whether `claimed` tokens exceed the `reference` count by more than 10 % plus 2.
pub fn over_billed(claimed: u32, reference: u32) -> bool {
	let allowed = reference.saturating_add(reference / 10).saturating_add(2);
	claimed > allowed
}

/// ROUGE-L F1 of two texts over their tokens, in whole percent (rounded half up). Two texts
/// without tokens score 100; one without tokens against one with scores 0.
pub fn rouge_l(a: &[u8], b: &[u8]) -> u8 {
	let (a, b) = (tokens(a), tokens(b));
	let total = a.len().saturating_add(b.len());
	if total == 0 {
		return 100;
	}
	let lcs = lcs_len(&a, &b);
	// 100 × 2 lcs / (n + m), rounded half up; at most 100 since lcs ≤ min(n, m).
	let scaled = lcs
		.saturating_mul(200)
		.saturating_add(total / 2)
		.checked_div(total)
		.unwrap_or(0);
	scaled.min(100) as u8
}

/// The text's tokens, as 64-bit FNV-1a hashes of their lowercased characters, at most
/// [`MAX_TOKENS`].
pub fn tokens(text: &[u8]) -> Vec<u64> {
	const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
	const PRIME: u64 = 0x0000_0100_0000_01b3;
	let text = String::from_utf8_lossy(text);
	let mut out = Vec::new();
	let mut current: Option<u64> = None;
	for c in text.chars() {
		if c.is_alphanumeric() {
			let mut h = current.unwrap_or(OFFSET);
			for lower in c.to_lowercase() {
				let mut buf = [0u8; 4];
				for byte in lower.encode_utf8(&mut buf).bytes() {
					h = (h ^ u64::from(byte)).wrapping_mul(PRIME);
				}
			}
			current = Some(h);
		} else if let Some(h) = current.take() {
			out.push(h);
			if out.len() >= MAX_TOKENS {
				return out;
			}
		}
	}
	if let Some(h) = current {
		if out.len() < MAX_TOKENS {
			out.push(h);
		}
	}
	out
}

/// Length of the longest common subsequence of `a` and `b`, with one row of memory.
pub fn lcs_len(a: &[u64], b: &[u64]) -> usize {
	let mut row = alloc::vec![0usize; b.len().saturating_add(1)];
	for x in a {
		let mut diagonal = 0usize;
		for (j, y) in b.iter().enumerate() {
			let (Some(&up), Some(&left)) = (row.get(j.saturating_add(1)), row.get(j)) else {
				break;
			};
			let value = if x == y { diagonal.saturating_add(1) } else { up.max(left) };
			diagonal = up;
			if let Some(cell) = row.get_mut(j.saturating_add(1)) {
				*cell = value;
			}
		}
	}
	row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
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
		// Within 10 % + 2: fine.
		let billed = Usage { input_tokens: 13, output_tokens: 13 };
		assert_eq!(score(b"same", billed, b"same", U), 100);
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
}
