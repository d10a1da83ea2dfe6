//! `try_state`: the invariants every block and every test ends with.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Invariants: the parameter set is present and passes its own checks, the jury period
	/// included.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let params = ParametersInForce::<T>::get().ok_or("protocol parameters are missing")?;
		Self::check_params(&params).map_err(|_| "protocol parameters are invalid")?;
		Ok(())
	}
}
