//! The `dgrid-primitives` trait every pallet reads the protocol parameters through:
//! [`dgrid_primitives::ProtocolParams`].

use crate::*;

impl<T: Config> dgrid_primitives::ProtocolParams<BlockNumberFor<T>> for Pallet<T> {
	/// The parameters in force. Genesis always sets them; a chain whose storage lacks them
	/// (which `try_state` reports) runs on the live testnet periods, never on development
	/// ones.
	fn params() -> ProtocolParameters<BlockNumberFor<T>> {
		ParametersInForce::<T>::get().unwrap_or_else(ProtocolParameters::testnet)
	}
}
