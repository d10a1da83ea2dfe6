//! Checks every DGrid pallet's mock runs after each test (feature `test-utils`, for tests
//! only).

use crate::Balance;

/// The total issuance and the sum of every account's balance (free and held) of a mock
/// runtime whose accounts live in `frame_system` with `pallet_balances`' account data.
pub fn issuance_and_balances<T>() -> (Balance, Balance)
where
	T: pallet_balances::Config<Balance = Balance>
		+ frame_system::Config<AccountData = pallet_balances::AccountData<Balance>>,
{
	let balances = frame_system::Account::<T>::iter()
		.map(|(_, a)| a.data.free.saturating_add(a.data.reserved))
		.fold(0, Balance::saturating_add);
	(pallet_balances::TotalIssuance::<T>::get(), balances)
}

/// Money is neither made nor lost: the balances add up to the total issuance, and the
/// issuance is what it was `before` the test less what was `burnt` (as the events say).
pub fn assert_issuance_conserved<T>(before: Balance, burnt: Balance)
where
	T: pallet_balances::Config<Balance = Balance>
		+ frame_system::Config<AccountData = pallet_balances::AccountData<Balance>>,
{
	let (issuance, balances) = issuance_and_balances::<T>();
	assert_eq!(balances, issuance, "the balances must add up to the total issuance");
	assert_eq!(
		issuance.saturating_add(burnt),
		before,
		"the issuance changes only by what was burnt"
	);
}
