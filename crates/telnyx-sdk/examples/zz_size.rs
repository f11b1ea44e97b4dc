fn main() {
    use telnyx_sdk::video::types::Room;
    println!("Room {}", std::mem::size_of::<Room>());
    println!("Error {}", std::mem::size_of::<telnyx_sdk::Error>());
    println!(
        "Result {}",
        std::mem::size_of::<Result<Room, telnyx_sdk::Error>>()
    );
    println!(
        "Page {}",
        std::mem::size_of::<telnyx_sdk_core::Page<Room>>()
    );
}
