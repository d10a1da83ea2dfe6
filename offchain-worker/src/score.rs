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
//!   same request: over-billing is fraud whatever the text. Prompt tokens have a tolerance of
//!   10 % plus 2 (serving stacks template prompts differently). Completion tokens of a
//!   byte-identical answer must agree but for [`SAME_ANSWER_SLACK`] (an end-of-text token):
//!   an honest answer billed 10 % high is caught whenever it is audited. A different answer
//!   (a drifted run) has the 10 % plus 2 tolerance; a cheater who also alters its answer to
//!   reach it loses score to the alteration.
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
	// Prompts are templated differently by serving stacks: their counts keep the tolerance.
	if over_billed(claimed_usage.input_tokens, reference_usage.input_tokens) {
		return 0;
	}
	if claimed == reference {
		// The same completion: the same count, but for an end-of-text token some count.
		let over = claimed_usage.output_tokens
			> reference_usage.output_tokens.saturating_add(SAME_ANSWER_SLACK);
		return if over { 0 } else { 100 };
	}
	if over_billed(claimed_usage.output_tokens, reference_usage.output_tokens) {
		return 0;
	}
	rouge_l(claimed, reference)
}

/// Completion tokens a byte-identical answer may be billed above the verifier's own count:
/// an end-of-text token some serving stacks count.
pub const SAME_ANSWER_SLACK: u32 = 1;

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
#[path = "tests/score.rs"]
mod tests;
