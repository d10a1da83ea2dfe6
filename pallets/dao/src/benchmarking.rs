//! Benchmarks of every call, each at its worst case.

use super::*;
use crate::Pallet as Dao;
use dgrid_primitives::ProtocolParams as _;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Inspect as _, EnsureOrigin, UnfilteredDispatchable};
use sp_runtime::Perbill;

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_parameters() -> Result<(), BenchmarkError> {
		let origin =
			T::ParametersOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let mut new = Dao::<T>::params();
		new.protocol_fee = Perbill::from_percent(7);
		let call = Call::<T>::set_parameters { params: new };

		#[block]
		{
			call.dispatch_bypass_filter(origin)?;
		}

		assert_eq!(Dao::<T>::params(), new);
		Ok(())
	}

	#[benchmark]
	fn set_parameter() -> Result<(), BenchmarkError> {
		let origin =
			T::ParametersOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let fee = Perbill::from_percent(7);
		let call = Call::<T>::set_parameter { change: ParameterChange::ProtocolFee(fee) };

		#[block]
		{
			call.dispatch_bypass_filter(origin)?;
		}

		assert_eq!(Dao::<T>::params().protocol_fee, fee);
		Ok(())
	}

	/// A spend to a new account: the treasury's and the beneficiary's balances both change.
	#[benchmark]
	fn spend() -> Result<(), BenchmarkError> {
		let origin =
			T::SpendOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let treasury = Dao::<T>::treasury_account();
		let amount = T::Currency::minimum_balance().saturating_mul(10);
		T::Currency::set_balance(&treasury, amount.saturating_mul(10));
		let beneficiary: T::AccountId = account("beneficiary", 0, 0);
		let lookup = T::Lookup::unlookup(beneficiary.clone());
		let call = Call::<T>::spend { amount, beneficiary: lookup };

		#[block]
		{
			call.dispatch_bypass_filter(origin)?;
		}

		assert_eq!(T::Currency::balance(&beneficiary), amount);
		Ok(())
	}

	impl_benchmark_test_suite!(Dao, crate::mock::ExtBuilder::default().build(), crate::mock::Test);
}
