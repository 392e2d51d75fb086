import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginRequest {
  @ApiProperty({ example: 'receptionist@demo.clinic' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'clinic-flow-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: [String] }) siteIds: string[];
}

export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
}
